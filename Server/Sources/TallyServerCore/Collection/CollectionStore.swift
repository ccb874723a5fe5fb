import Foundation
import GRDB

/// The storage of phone ballots (docs/collection.md): two tables that share nothing but the
/// unit and the category.
///
/// - `ballotCode`: the code ledger — code, unit, category, used or not. No time, no ballot.
/// - `ballotBox`: the ballots — a random id, unit, category, the day, the answers. No code, no
///   time finer than the day, no address. Both are `WITHOUT ROWID` tables keyed by random
///   text, so SQLite stores and reads them in the order of those keys, never in the order
///   codes were used or ballots arrived.
///
/// Marking a code used and putting its ballot in the box is one transaction.
/// `collection`: one row per unit whose codes were issued: open or closed, the upload its
/// ballots became when it was closed.
enum CollectionTables {
    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE ballotCode (
              code TEXT PRIMARY KEY NOT NULL,
              unitId INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
              groupLabel TEXT,
              used BOOLEAN NOT NULL DEFAULT 0
            ) WITHOUT ROWID;
            CREATE INDEX ballotCodeUnit ON ballotCode(unitId);
            CREATE TABLE ballotBox (
              id TEXT PRIMARY KEY NOT NULL,
              unitId INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
              groupLabel TEXT,
              day TEXT NOT NULL,
              answers TEXT NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX ballotBoxUnit ON ballotBox(unitId);
            CREATE TABLE collection (
              unitId INTEGER PRIMARY KEY NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
              closed BOOLEAN NOT NULL DEFAULT 0,
              closedAt DATETIME,
              reopened INTEGER NOT NULL DEFAULT 0,
              uploadId INTEGER REFERENCES upload(id) ON DELETE SET NULL
            );
            """)
    }
}

/// A unit's collection: whether ballots are still taken, and what its closing made.
struct CollectionRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "collection"
    var unitId: Int64
    var closed: Bool
    var closedAt: Date?
    /// How many times it was reopened after closing.
    var reopened: Int
    /// The response file its ballots became at its last closing.
    var uploadId: Int64?
}

/// What happened to a submitted ballot.
enum BallotOutcome: Equatable {
    case stored
    /// No such code.
    case unknown
    /// The code's ballot is already in the box.
    case used
    /// Its unit's collection is closed.
    case closed
}

/// A code found in the ledger: its unit, category, and whether it may still be used.
struct CodeEntry: Sendable {
    var unitId: Int64
    var campaignId: Int64
    var unit: String
    var group: String?
    var used: Bool
    var closed: Bool
}

/// One line of the live progress: a unit's category, ballots returned of codes issued.
struct ProgressLine: Codable, Sendable, Equatable {
    var unit: String
    var group: String?
    var returned: Int
    var issued: Int
}

extension Store {
    /// Issues new codes for a unit: `count` per category label (`nil`: no categories), each a
    /// fresh CSPRNG code (a clash with an issued one, at odds of 1 in 10¹⁴, draws again). The
    /// unit's collection opens (or stays open); a closed one is refused by the caller.
    func issueCodes(unit: Int64, counts: [(group: String?, count: Int)], make: () -> String) throws -> [(code: String, group: String?)] {
        try pool.write { db in
            if try CollectionRecord.fetchOne(db, key: unit) == nil {
                try CollectionRecord(unitId: unit, closed: false, closedAt: nil, reopened: 0, uploadId: nil).insert(db)
            }
            var made: [(String, String?)] = []
            for (group, count) in counts {
                for _ in 0..<count {
                    while true {
                        let code = make()
                        let taken = try Bool.fetchOne(db, sql: "SELECT 1 FROM ballotCode WHERE code = ?", arguments: [code]) ?? false
                        if taken { continue }
                        try db.execute(sql: "INSERT INTO ballotCode (code, unitId, groupLabel) VALUES (?, ?, ?)", arguments: [code, unit, group])
                        made.append((code, group))
                        break
                    }
                }
            }
            return made
        }
    }

    /// A unit's codes, sorted by code (never by when they were made).
    func codes(of unit: Int64) throws -> [(code: String, group: String?, used: Bool)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT code, groupLabel, used FROM ballotCode WHERE unitId = ? ORDER BY code", arguments: [unit]).map {
                ($0["code"], $0["groupLabel"], $0["used"])
            }
        }
    }

    func collection(of unit: Int64) throws -> CollectionRecord? {
        try pool.read { db in try CollectionRecord.fetchOne(db, key: unit) }
    }

    /// A code's entry in the ledger, with its unit's name and whether its collection is closed.
    func codeEntry(_ code: String) throws -> CodeEntry? {
        try pool.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT ballotCode.unitId, unit.campaignId, unit.name, ballotCode.groupLabel, ballotCode.used, collection.closed
                    FROM ballotCode JOIN unit ON unit.id = ballotCode.unitId JOIN collection ON collection.unitId = ballotCode.unitId
                    WHERE ballotCode.code = ?
                    """, arguments: [code]
            ).map { CodeEntry(unitId: $0[0], campaignId: $0[1], unit: $0[2], group: $0[3], used: $0[4], closed: $0[5]) }
        }
    }

    /// Puts a ballot in the box and marks its code used, in one transaction: both or neither.
    /// The ballot's id is 128 random bits; its time is the day alone.
    func submitBallot(code: String, answers: String, day: String) throws -> BallotOutcome {
        try pool.write { db in
            guard let row = try Row.fetchOne(
                db,
                sql: "SELECT ballotCode.unitId, ballotCode.groupLabel, ballotCode.used, collection.closed FROM ballotCode JOIN collection ON collection.unitId = ballotCode.unitId WHERE code = ?",
                arguments: [code])
            else { return .unknown }
            if row["closed"] as Bool { return .closed }
            if row["used"] as Bool { return .used }
            try db.execute(sql: "UPDATE ballotCode SET used = 1 WHERE code = ? AND used = 0", arguments: [code])
            guard db.changesCount == 1 else { return .used }
            var generator = SystemRandomNumberGenerator()
            let id = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
            try db.execute(
                sql: "INSERT INTO ballotBox (id, unitId, groupLabel, day, answers) VALUES (?, ?, ?, ?, ?)",
                arguments: [id, row["unitId"] as Int64, row["groupLabel"] as String?, day, answers])
            return .stored
        }
    }

    /// A unit's ballots in the order of their random ids: category and answers (JSON).
    func ballots(of unit: Int64) throws -> [(group: String?, answers: String)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT groupLabel, answers FROM ballotBox WHERE unitId = ? ORDER BY id", arguments: [unit]).map { ($0[0], $0[1]) }
        }
    }

    /// Per unit (in the campaign's order) and category (in label order): ballots returned, codes issued.
    func progress(of campaign: Int64) throws -> [ProgressLine] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT unit.name, c.groupLabel, c.issued,
                      (SELECT COUNT(*) FROM ballotBox b WHERE b.unitId = unit.id AND b.groupLabel IS c.groupLabel) AS returned
                    FROM (SELECT unitId, groupLabel, COUNT(*) AS issued FROM ballotCode GROUP BY unitId, groupLabel) AS c
                    JOIN unit ON unit.id = c.unitId
                    WHERE unit.campaignId = ?
                    ORDER BY unit.position, c.groupLabel
                    """, arguments: [campaign]
            ).map { ProgressLine(unit: $0[0], group: $0[1], returned: $0["returned"], issued: $0["issued"]) }
        }
    }

    /// Closes or reopens a unit's collection; `uploadId` is the response file closing made.
    func setCollection(unit: Int64, closed: Bool, uploadId: Int64?) throws {
        try pool.write { db in
            guard var record = try CollectionRecord.fetchOne(db, key: unit) else { return }
            if record.closed && !closed { record.reopened += 1 }
            record.closed = closed
            record.closedAt = closed ? Date() : nil
            record.uploadId = uploadId
            try record.update(db)
        }
    }

    /// Checkpoints the write-ahead log into the database and truncates it to nothing. Best
    /// effort: a reader holding an old snapshot at this moment keeps part of it until the next
    /// checkpoint (SQLite's own, at 1,000 pages, or the next closing).
    func truncateLog() {
        try? pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    }

    /// Whether an upload is the response file a closed collection made.
    func collectionMade(upload: Int64) throws -> Bool {
        try pool.read { db in try CollectionRecord.filter(Column("uploadId") == upload).fetchCount(db) > 0 }
    }

    /// Codes issued per unit of a campaign (units without codes absent).
    func codesIssued(in campaign: Int64) throws -> [Int64: Int] {
        try pool.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(
                db, sql: "SELECT ballotCode.unitId, COUNT(*) FROM ballotCode JOIN unit ON unit.id = ballotCode.unitId WHERE unit.campaignId = ? GROUP BY ballotCode.unitId",
                arguments: [campaign]
            ).map { ($0[0] as Int64, $0[1] as Int) })
        }
    }
}
