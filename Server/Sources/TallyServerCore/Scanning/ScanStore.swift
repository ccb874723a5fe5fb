import Foundation
import GRDB

/// The storage of scanned paper ballots (docs/scanning.md): each uploaded scan (`scanBatch`,
/// its PDF or image kept to be read again with the decisions), the items a person must decide
/// (`scanItem`, with their crops), the pages that could not be placed (`scanImage`, whole), and
/// every page read per unit by its hash (`scanPage`), so that the same scan uploaded again is
/// recognised and counted once.
enum ScanTables {
    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE scanBatch (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              campaignId INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
              unitId INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
              filename TEXT NOT NULL,
              bytes BLOB NOT NULL,
              pages TEXT NOT NULL,
              sheets INTEGER NOT NULL,
              uploadId INTEGER REFERENCES upload(id) ON DELETE SET NULL,
              joined BOOLEAN NOT NULL DEFAULT 0,
              createdAt DATETIME NOT NULL
            );
            CREATE INDEX scanBatchCampaign ON scanBatch(campaignId);
            CREATE TABLE scanItem (
              batchId INTEGER NOT NULL REFERENCES scanBatch(id) ON DELETE CASCADE,
              itemId TEXT NOT NULL,
              position INTEGER NOT NULL,
              kind TEXT NOT NULL,
              page INTEGER NOT NULL,
              sheet INTEGER NOT NULL,
              question TEXT NOT NULL,
              rowLabel TEXT,
              option TEXT,
              ink REAL NOT NULL,
              crop BLOB,
              decision TEXT,
              PRIMARY KEY (batchId, itemId)
            );
            CREATE TABLE scanImage (
              batchId INTEGER NOT NULL REFERENCES scanBatch(id) ON DELETE CASCADE,
              page INTEGER NOT NULL,
              png BLOB NOT NULL,
              PRIMARY KEY (batchId, page)
            );
            CREATE TABLE scanPage (
              unitId INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
              hash TEXT NOT NULL,
              batchId INTEGER NOT NULL REFERENCES scanBatch(id) ON DELETE CASCADE,
              label TEXT NOT NULL,
              PRIMARY KEY (unitId, hash)
            );
            """)
    }
}

/// One uploaded scan of a unit's paper ballots.
struct ScanBatchRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "scanBatch"
    var id: Int64?
    var campaignId: Int64
    var unitId: Int64
    var filename: String
    var bytes: Data
    /// scan-pages.csv's lines, as JSON (`ScanPageLine`).
    var pages: String
    /// Complete sheets read.
    var sheets: Int
    /// The response file its ballots became once every item was decided.
    var uploadId: Int64?
    var joined: Bool
    var createdAt: Date

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A page's line as the review page shows it.
struct ScanPageLine: Codable, Sendable {
    var page: Int
    var status: String
    var note: String
    var sheet: Int?
    var upsideDown: Bool
    var hash: String
}

/// One item a person decides.
struct ScanItemRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "scanItem"
    var batchId: Int64
    var itemId: String
    var position: Int
    var kind: String
    var page: Int
    var sheet: Int
    var question: String
    var rowLabel: String?
    var option: String?
    var ink: Double
    var crop: Data?
    var decision: String?
}

extension Store {
    /// Stores a read scan: the batch, its items, its unplaced pages' images and its pages' hashes.
    func insertScan(_ batch: ScanBatchRecord, items: [ScanItemRecord], images: [(page: Int, png: Data)], hashes: [(hash: String, label: String)]) throws -> ScanBatchRecord {
        try pool.write { db in
            var batch = batch
            try batch.insert(db)
            for var item in items {
                item.batchId = batch.id!
                try item.insert(db)
            }
            for image in images {
                try db.execute(sql: "INSERT INTO scanImage (batchId, page, png) VALUES (?, ?, ?)", arguments: [batch.id!, image.page, image.png])
            }
            for entry in hashes {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO scanPage (unitId, hash, batchId, label) VALUES (?, ?, ?, ?)", arguments: [batch.unitId, entry.hash, batch.id!, entry.label])
            }
            return batch
        }
    }

    func scanBatch(_ id: Int64) throws -> ScanBatchRecord? { try pool.read { try ScanBatchRecord.fetchOne($0, key: id) } }

    /// A campaign's scans, newest first, without their bytes.
    func scanBatches(of campaign: Int64) throws -> [(id: Int64, unitId: Int64, filename: String, sheets: Int, joined: Bool, pending: Int, createdAt: Date)] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT b.id, b.unitId, b.filename, b.sheets, b.joined, b.createdAt,
                      (SELECT COUNT(*) FROM scanItem i WHERE i.batchId = b.id AND i.decision IS NULL) AS pending
                    FROM scanBatch b WHERE b.campaignId = ? ORDER BY b.id DESC
                    """, arguments: [campaign]
            ).map { ($0["id"], $0["unitId"], $0["filename"], $0["sheets"], $0["joined"], $0["pending"], $0["createdAt"]) }
        }
    }

    func scanItems(of batch: Int64) throws -> [ScanItemRecord] {
        try pool.read { try ScanItemRecord.filter(Column("batchId") == batch).order(Column("position")).fetchAll($0) }
    }

    func scanItemCrop(batch: Int64, item: String) throws -> Data? {
        try pool.read { try Data.fetchOne($0, sql: "SELECT crop FROM scanItem WHERE batchId = ? AND itemId = ?", arguments: [batch, item]) }
    }

    func scanImage(batch: Int64, page: Int) throws -> Data? {
        try pool.read { try Data.fetchOne($0, sql: "SELECT png FROM scanImage WHERE batchId = ? AND page = ?", arguments: [batch, page]) }
    }

    /// Records a person's decision; false when the batch has no such item.
    func decideScanItem(batch: Int64, item: String, decision: String) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "UPDATE scanItem SET decision = ? WHERE batchId = ? AND itemId = ?", arguments: [decision, batch, item])
            return db.changesCount > 0
        }
    }

    /// The pages a unit's earlier scans read (hash → `file 第n页`), before `batch` when given.
    func scannedPages(unit: Int64, before batch: Int64? = nil) throws -> [String: String] {
        try pool.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT hash, label FROM scanPage WHERE unitId = ? AND batchId < ?", arguments: [unit, batch ?? Int64.max])
            return Dictionary(rows.map { ($0["hash"] as String, $0["label"] as String) }, uniquingKeysWith: { a, _ in a })
        }
    }

    func markScanJoined(batch: Int64, upload: Int64?) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE scanBatch SET joined = 1, uploadId = ? WHERE id = ?", arguments: [upload, batch])
        }
    }
}
