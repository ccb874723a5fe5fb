import TallyCore

extension ExportShape {
    /// The platform's name as `tally inspect` shows it.
    public var displayName: String {
        switch self {
        case .wjxText: "问卷星 (按选项文本)"
        case .wjxNumbered: "问卷星 (按选项序号)"
        case .tencent: "腾讯问卷"
        case .jinshuju: "金数据"
        case .limeSurvey: "LimeSurvey"
        case .qualtrics: "Qualtrics"
        case .wenjuanwang: "问卷网"
        case .kobo: "KoboToolbox / ODK"
        case .googleForms: "Google Forms"
        case .microsoftForms: "Microsoft Forms"
        case .generic: "generic (header text)"
        }
    }
}
