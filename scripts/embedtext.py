"""Text files compiled into a Swift dictionary (name → text): the built-in forms and the web
app's page templates, so an installed binary needs no folder of them beside it. Used by
embed-forms.py and embed-templates.py; a test of each fails when the copy and the files differ."""
import pathlib
import sys


def embed(sources, out, header, declaration, member, root):
    """Writes `out`: `header` comment lines, `declaration` (an enum line), `member` (the
    dictionary's declaration), one raw-string entry per source file by its stem."""
    lines = [*header, declaration, member]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        if '"""#' in text:
            sys.exit(f"{path}: contains the sequence \"\"\"# which cannot be embedded")
        lines.append(f'        "{path.stem}": #"""')
        lines.extend(text.rstrip("\n").split("\n"))
        lines.append('"""#,')
    lines += ["    ]", "}", ""]
    out.write_text("\n".join(lines), encoding="utf-8")
    print(f"embedded {len(sources)} files into {out.relative_to(root)}")
