import TallyCore

/// Data several suites read, made once and shared; errors are thrown to the test that asks,
/// not trapped while a static is initialised.
public enum SharedTestData {
    private static let campaign = Result { () throws -> ResultsDocument in
        try Tally.run(try Campaign.load(PackagePaths.samples.appendingPathComponent("campaign.yaml").path))
    }

    /// The results of `Samples/campaign.yaml`.
    public static func sampleCampaign() throws -> ResultsDocument { try campaign.get() }
}
