/// Which survey platform a file's header looks like it came from.
public enum ExportShape: String, Sendable, Codable {
    /// 问卷星, 按选项文本 (`序号,提交答卷时间,所用时间,来源,来源详情,来自IP`, labels in cells).
    case wjxText = "wjx-text"
    /// 问卷星, 按选项序号 (option numbers, `第N题(…)` columns).
    case wjxNumbered = "wjx-numbered"
    /// 腾讯问卷 (`编号,开始答题时间,结束答题时间,答题时长`, `N.题干:行`).
    case tencent = "tencent"
    /// 金数据 (metadata such as 提交人, 填写时长 after the answers).
    case jinshuju = "jinshuju"
    /// LimeSurvey (`id,submitdate,lastpage,startlanguage`, question codes).
    case limeSurvey = "limesurvey"
    /// Qualtrics (`StartDate…ResponseId…Finished`, a second row of question texts and a third
    /// of `{"ImportId":…}`).
    case qualtrics = "qualtrics"
    /// 问卷网 (`答卷编号`, `答题时长`, `Q2_题干_行`).
    case wenjuanwang = "wenjuanwang"
    /// KoboToolbox or ODK (`_uuid`, `_submission_time`, `group/question` paths).
    case kobo = "kobo"
    /// Microsoft Forms (`Start time`, `Completion time`; rating blocks as bare statement columns).
    case microsoftForms = "microsoft-forms"
    /// Google Forms (`Timestamp` / `时间戳记` first, `题干 [行]`).
    case googleForms = "google-forms"
    /// Anything else: a sheet keyed in by hand, or an export matched by header text.
    case generic = "generic"

}
