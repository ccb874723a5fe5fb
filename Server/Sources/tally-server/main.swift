import ArgumentParser
import Foundation
import Hummingbird
import Logging
import TallyServerCore

/// `tally-server`: the web app (`../shared/spec/HTTP.md`). On loopback no login; on any other
/// address a password is required. SIGINT and SIGTERM stop it gracefully.
@main
struct TallyServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tally-server", abstract: "Serve Tally's web app: campaigns, uploads, runs and reports in a browser.")

    @Option(help: "The workspace folder (database and files).")
    var dir = "tally-workspace"

    @Option(help: "The address to listen on. Anything but loopback needs a password.")
    var host = "127.0.0.1"

    @Option(help: "The port.")
    var port = 8080

    @Option(help: "A file whose first line is the password (or set TALLY_PASSWORD).")
    var passwordFile: String?

    @Option(help: "The largest upload, in MB.")
    var maxUploadMb = 200

    @Option(help: ArgumentHelp(
        "A host name the server answers to, as browsers send it (`tally.example.org`, `192.168.1.5:8080`); repeat for several.",
        discussion: "On loopback only 127.0.0.1, localhost and [::1] with the port are served (a page elsewhere cannot reach the server through a name of its own); off loopback, any name unless this is given."))
    var publicHost: [String] = []

    @Flag(help: "The server is reached over HTTPS through a reverse proxy: session cookies are marked Secure.")
    var behindTls = false

    @Flag(help: "Print the API token (for Authorization: Bearer …) and exit.")
    var printToken = false

    func run() async throws {
        var password = ProcessInfo.processInfo.environment["TALLY_PASSWORD"]
        if let passwordFile {
            guard let text = try? String(contentsOfFile: passwordFile, encoding: .utf8) else {
                throw ValidationError("cannot read the password file \(passwordFile)")
            }
            password = text.split(whereSeparator: \.isNewline).first.map(String.init)
        }
        var configuration = ServerConfiguration(
            workspace: URL(fileURLWithPath: dir), host: host, port: port, password: password?.isEmpty == true ? nil : password, maxUploadMB: maxUploadMb,
            publicHosts: publicHost)
        configuration.behindTLS = behindTls
        // Files and folders the server makes are its own user's only (0600, 0700).
        umask(0o077)
        let server: TallyServer
        do {
            server = try TallyServer(configuration: configuration)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
        if printToken {
            print(server.gatekeeper.apiToken)
            return
        }
        var logger = Logger(label: "tally-server")
        logger.logLevel = .info
        try await server.application(logger: logger).runService()
    }
}
