import Crypto
import CryptoExtras
import Foundation

/// The password as the password file (or `TALLY_PASSWORD`) holds it: the password itself, or
/// its scrypt hash as `tally-server --hash-password` writes it,
/// `scrypt$<log2 N>$<r>$<p>$<salt, base64>$<hash, base64>`, so that a copied file or a backup
/// of `/etc/tally` does not give the password away.
public enum StoredPassword: Sendable, Equatable {
    case plain(String)
    case scrypt(logN: Int, r: Int, p: Int, salt: [UInt8], hash: [UInt8])

    /// The cost `hash(_:)` uses: N = 2^15, r = 8, p = 1 (32 MiB and about 0.1 s per login,
    /// the parameters RFC 7914 and libsodium's interactive profile use).
    public static let defaultLogN = 15

    /// Reads a stored password; a line starting `scrypt$` must be a whole hash.
    public init(_ line: String) throws {
        guard line.hasPrefix("scrypt$") else {
            self = .plain(line)
            return
        }
        let parts = line.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, let logN = Int(parts[1]), let r = Int(parts[2]), let p = Int(parts[3]),
            (10...20).contains(logN), (1...32).contains(r), (1...16).contains(p),
            let salt = Data(base64Encoded: parts[4]), salt.count >= 16,
            let hash = Data(base64Encoded: parts[5]), hash.count >= 32
        else {
            throw ServerError.badRequest(
                "the password file's line starts with scrypt$ but is not a whole hash: write it again with tally-server --hash-password")
        }
        self = .scrypt(logN: logN, r: r, p: p, salt: Array(salt), hash: Array(hash))
    }

    /// The line to store for `password`: a fresh 16-byte random salt, a 32-byte scrypt hash.
    public static func hash(_ password: String, logN: Int = defaultLogN) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let hash = try derive(password, logN: logN, r: 8, p: 1, salt: salt)
        return "scrypt$\(logN)$8$1$\(Data(salt).base64EncodedString())$\(Data(hash).base64EncodedString())"
    }

    /// Whether `given` is the password (compared in constant time).
    public func matches(_ given: String) -> Bool {
        switch self {
        case .plain(let password):
            return Gatekeeper.same(given, password)
        case .scrypt(let logN, let r, let p, let salt, let hash):
            guard let derived = try? Self.derive(given, logN: logN, r: r, p: p, salt: salt, count: hash.count) else { return false }
            return derived.count == hash.count && zip(derived, hash).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
        }
    }

    /// Whether the password is too short to start a server with (a hash was checked when made).
    var tooShort: Bool {
        if case .plain(let password) = self { return password.trimmingCharacters(in: .whitespaces).count < Gatekeeper.shortestPassword }
        return false
    }

    private static func derive(_ password: String, logN: Int, r: Int, p: Int, salt: [UInt8], count: Int = 32) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: count, rounds: 1 << logN, blockSize: r, parallelism: p)
        return key.withUnsafeBytes { Array($0) }
    }
}
