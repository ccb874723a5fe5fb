import ArgumentParser
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import TallyServerCore

/// `tally-server`: the web app (`../shared/spec/HTTP.md`). On loopback no login; on any other
/// address a password is required. SIGINT and SIGTERM stop it gracefully: requests in progress
/// get 20 s to finish, then the process ends within 5 s more.
@main
struct TallyServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tally-server", abstract: "Serve Tally's web app: campaigns, uploads, runs and reports in a browser.",
        discussion: "SIGTERM or Ctrl-C stops it: requests in progress get 20 seconds to finish (a run cut off is marked failed at the next start).")

    @Option(help: "The workspace folder (database and files).")
    var dir = "tally-workspace"

    @Option(help: "The address to listen on. Anything but loopback needs a password.")
    var host = "127.0.0.1"

    @Option(help: "The port.")
    var port = 8080

    @Option(help: ArgumentHelp(
        "A file whose first line is the password, or its hash from --hash-password (or set TALLY_PASSWORD).",
        discussion: "A hash keeps the password out of the file: tally-server --hash-password > /etc/tally/password, then type it."))
    var passwordFile: String?

    @Option(help: "The largest upload, in MB.")
    var maxUploadMb = 200

    @Option(help: ArgumentHelp(
        "A host name the server answers to, as browsers send it (`tally.example.org`, `192.168.1.5:8080`); repeat for several.",
        discussion: "On loopback only 127.0.0.1, localhost and [::1] with the port are served (a page elsewhere cannot reach the server through a name of its own); off loopback, any name unless this is given."))
    var publicHost: [String] = []

    @Flag(help: "The server is reached over HTTPS through a reverse proxy: session cookies are marked Secure, and a client's address (for throttling wrong passwords and 测评码) is the last one the proxy adds to X-Forwarded-For.")
    var behindTls = false

    @Flag(help: "Print the API token (for Authorization: Bearer …) and exit.")
    var printToken = false

    @Flag(help: "Read a password (one line on standard input), print its scrypt hash for the password file, and exit.")
    var hashPassword = false

    func run() async throws {
        var password = ProcessInfo.processInfo.environment["TALLY_PASSWORD"]
        if let passwordFile {
            guard let text = try? String(contentsOfFile: passwordFile, encoding: .utf8) else {
                throw ValidationError("cannot read the password file \(passwordFile)")
            }
            password = text.split(whereSeparator: \.isNewline).first.map(String.init)
        }
        if hashPassword {
            try Self.printHash()
            return
        }
        // The token is read (or made) without starting a server, so it can be asked for while
        // the service runs on the same workspace.
        if printToken {
            do {
                print(try Gatekeeper.apiToken(in: try Workspace(root: URL(fileURLWithPath: dir))))
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode.failure
            }
            return
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
        var logger = Logger(label: "tally-server")
        logger.logLevel = .info
        // SIGTERM and SIGINT stop taking connections and let requests in progress finish, up to
        // a deadline; then they are cancelled, and 5 s later the process ends regardless (an
        // engine call on a thread of its own cannot be cancelled midway). Services shut down in
        // reverse order: the deadline's clock starts first.
        var group = ServiceGroupConfiguration(
            services: [
                .init(service: server.application(logger: logger)),
                .init(service: ShutdownDeadline(deadline: ServerConfiguration.shutdownDeadline + .seconds(5), logger: logger),
                      successTerminationBehavior: .ignore),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = ServerConfiguration.shutdownDeadline
        try await ServiceGroup(configuration: group).run()
    }

    /// `--hash-password`: the line for the password file, from a password typed or piped in.
    static func printHash() throws {
        // At a terminal the password is typed without echo; else one line is read.
        let typed = isatty(STDIN_FILENO) != 0 ? getpass("Password (at least \(Gatekeeper.shortestPassword) characters): ").map { String(cString: $0) } : nil
        guard let password = typed ?? readLine(strippingNewline: true), !password.isEmpty else {
            throw ValidationError("no password on standard input")
        }
        guard password.trimmingCharacters(in: .whitespaces).count >= Gatekeeper.shortestPassword else {
            throw ValidationError("the password is shorter than \(Gatekeeper.shortestPassword) characters (spaces aside): choose a longer one")
        }
        print(try StoredPassword.hash(password))
    }
}

/// Ends the process once a graceful shutdown has gone on past `deadline`: a request still in
/// progress then is cut off (a run cut off is marked failed at the next start), and the server
/// never hangs on a stop.
struct ShutdownDeadline: Service {
    let deadline: Duration
    let logger: Logger

    func run() async throws {
        // Returns when the shutdown begins (or the group is cancelled).
        try? await gracefulShutdown()
        let seconds = Double(deadline.components.seconds)
        let logger = logger
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
            logger.warning("stopping: requests still in progress after \(Int(seconds)) s were cut off; a run among them is marked failed at the next start")
            exit(0)
        }
    }
}
