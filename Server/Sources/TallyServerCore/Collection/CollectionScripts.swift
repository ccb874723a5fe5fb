/// The two scripts of the 扫码测评 pages, inline and allowed by their hashes in the
/// Content-Security-Policy (`SecurityHeaders`); each page works without them (the server checks
/// every rule again and asks for confirmation itself), they only make it quicker.
enum CollectionScripts {
    /// The phone ballot: counts each matrix rule as the participant chooses (`p.rule` above the
    /// matrix with the option or the numeric bound it counts, `data-count` in it), refuses a submission breaking one or choosing too many
    /// options, and asks once to confirm, saying how many questions are unanswered.
    static let ballot = #"""
        (function () {
          var form = document.getElementById('ballot');
          if (!form) return;
          function rules() {
            var broken = null;
            form.querySelectorAll('p.rule[data-rule]').forEach(function (box) {
              var option = box.getAttribute('data-option'), max = box.getAttribute('data-max'), min = box.getAttribute('data-min');
              var atLeast = box.getAttribute('data-at-least'), below = box.getAttribute('data-below');
              var count = 0;
              box.closest('fieldset').querySelectorAll('input[type=radio]:checked').forEach(function (input) { if (input.value === option) count++; });
              box.closest('fieldset').querySelectorAll('input[type=number]').forEach(function (input) {
                if (input.value.trim() === '' || isNaN(+input.value)) return;
                if ((atLeast !== null && +input.value >= +atLeast) || (below !== null && +input.value < +below)) count++;
              });
              var bad = (max !== null && count > +max) || (min !== null && count < +min);
              box.querySelector('[data-count]').textContent = '（现有' + count + '人）';
              box.classList.toggle('broken', bad);
              if (bad && !broken) broken = box;
            });
            form.querySelectorAll('[data-max-choices]').forEach(function (set) {
              var max = +set.getAttribute('data-max-choices');
              var bad = set.querySelectorAll('input[type=checkbox]:checked').length > max;
              set.querySelector('.limit').classList.toggle('broken', bad);
              if (bad && !broken) broken = set.querySelector('.limit');
            });
            return broken;
          }
          form.addEventListener('change', rules);
          form.addEventListener('input', rules);
          rules();
          form.addEventListener('submit', function (event) {
            var broken = rules();
            if (broken) {
              event.preventDefault();
              alert('不能提交：' + broken.getAttribute('data-rule'));
              broken.scrollIntoView({ block: 'center' });
              return;
            }
            var blank = 0;
            form.querySelectorAll('[data-question]').forEach(function (set) {
              var answered = Array.prototype.some.call(set.querySelectorAll('input, textarea'), function (input) {
                return (input.type === 'radio' || input.type === 'checkbox') ? input.checked : input.value.trim() !== '';
              });
              if (!answered) blank++;
            });
            if (!confirm((blank ? '还有' + blank + '题未作答。' : '') + '测评票提交后不能修改，确定提交吗？')) { event.preventDefault(); return; }
            form.querySelector('input[name=confirmed]').value = '1';
          });
        })();
        """#

    /// The progress screen: every few seconds the counts from `GET /api/v1/campaigns/{id}/progress`,
    /// written into the table's cells (`data-key` = unit and category), without a reload (the page
    /// reloads when a category appears, codes issued since it was opened).
    static let progress = #"""
        (function () {
          var table = document.getElementById('progress');
          if (!table) return;
          var source = table.getAttribute('data-source');
          function refresh() {
            fetch(source, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
              .then(function (response) { return response.ok ? response.json() : null; })
              .then(function (lines) {
                if (!lines) return;
                var stamp = document.getElementById('updated');
                lines.forEach(function (line) {
                  var cell = table.querySelector('[data-key="' + CSS.escape(line.unit + '\u001f' + (line.group || '')) + '"]');
                  if (cell) { cell.textContent = line.returned + ' / ' + line.issued; } else { location.reload(); }
                });
                if (stamp) stamp.textContent = new Date().toLocaleTimeString('zh-CN');
              })
              .catch(function () {});
          }
          setInterval(refresh, 3000);
        })();
        """#
}
