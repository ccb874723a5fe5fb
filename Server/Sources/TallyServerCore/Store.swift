import Foundation
import GRDB
import TallyCore
import TallyRender

/// A campaign: an inspection's units and the form they are scored with.
public struct CampaignRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "campaign"
    public var id: Int64?
    public var title: String
    public var team: String?
    /// A built-in form's id, or an uploaded form's (`forms/<id>.yaml`).
    public var form: String
    public var createdAt: Date
    /// An earlier run to compare with (its results.json is the campaign's `baseline`).
    public var baselineRunId: Int64?
    /// The inspection's methods in the report's order, as a JSON array (`["听取汇报", …]`), or `nil`.
    public var methods: String?
    /// How many runs it has had, deleted ones too: the next run's number less one.
    public var runsMade: Int = 0
    /// The clerk's choices of columns and values, per form reference, as JSON
    /// (`{"leadership-evaluation": FormAdjustments}`): written into the campaign's copy of the form.
    public var adjustments: String?

    /// The choices, decoded; empty when there are none.
    var formAdjustments: [String: FormAdjustments] {
        adjustments.flatMap { try? JSONDecoder().decode([String: FormAdjustments].self, from: Data($0.utf8)) } ?? [:]
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

public struct UnitRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "unit"
    public var id: Int64?
    public var campaignId: Int64
    public var position: Int
    public var name: String
    public var issued: Int?
    /// Another form for this unit, when it has one.
    public var form: String?
    /// How its ballots were collected, in words (`现场发放纸质测评票`).
    public var method: String?
    /// Its report's labels for the form's groups, as a JSON object (group id → label), or `nil`.
    public var groups: String?

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A file uploaded to a campaign, for one unit or for all (a file whose unit column decides).
public struct UploadRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "upload"
    public var id: Int64?
    public var campaignId: Int64
    public var unit: String?
    /// The name it was uploaded with, shown to people, never used as a path.
    public var filename: String
    public var sha256: String
    public var sheet: String?
    public var size: Int
    /// `csv` or `xlsx`, from the content.
    public var kind: String
    /// What the importer sees in it (`InspectSummary` as JSON).
    public var inspect: String
    public var createdAt: Date

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// What the importer saw in it; `nil` if the stored summary cannot be read.
    var inspectSummary: TallyService.InspectSummary? { try? JSONDecoder().decode(TallyService.InspectSummary.self, from: Data(inspect.utf8)) }
}

public struct RunRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "run"
    public var id: Int64?
    public var campaignId: Int64
    /// `queued`, `running`, `done` or `failed`.
    public var status: String
    /// JSON arrays of strings.
    public var errors: String
    public var warnings: String
    public var createdAt: Date
    public var finishedAt: Date?
    /// Its number within its campaign (第1次统计, 第2次…), never reused.
    public var number: Int?

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// An uploaded form: its id and title; its YAML is `forms/<id>.yaml`.
public struct FormRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "form"
    public var id: String
    public var title: String
    public var sha256: String
    public var createdAt: Date
}

/// The database: SQLite through GRDB, in WAL mode, its schema in versioned migrations.
public final class Store: Sendable {
    public let pool: DatabasePool

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // A write waits for another (a backup, a run finishing) instead of failing at once.
        configuration.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: configuration)
        // A workspace a newer tally-server has migrated (the package downgraded): refused, since
        // this version does not know the tables it would be writing beside.
        if try pool.read({ try Self.migrator.hasBeenSuperseded($0) }) {
            throw ServerError.badRequest(
                "the workspace's database \(path) was made by a newer version of tally-server: install that version again (the workspace is unchanged)")
        }
        try Self.migrator.migrate(pool)
        // A run the server was running when it stopped (a crash, a kill) did not finish.
        _ = try pool.write { db in
            try db.execute(
                sql: "UPDATE run SET status = 'failed', errors = ?, finishedAt = ? WHERE status IN ('queued', 'running')",
                arguments: [#"["统计进行中服务器停止了（重启或断电），这次统计没有完成，请重新统计"]"#, Date()])
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "campaign") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("title", .text).notNull()
                t.column("team", .text)
                t.column("form", .text).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "unit") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("campaign", onDelete: .cascade).notNull()
                t.column("position", .integer).notNull()
                t.column("name", .text).notNull()
                t.column("issued", .integer)
                t.column("form", .text)
                t.uniqueKey(["campaignId", "name"])
            }
            try db.create(table: "upload") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("campaign", onDelete: .cascade).notNull()
                t.column("unit", .text)
                t.column("filename", .text).notNull()
                t.column("sha256", .text).notNull()
                t.column("sheet", .text)
                t.column("size", .integer).notNull()
                t.column("kind", .text).notNull()
                t.column("inspect", .text).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("campaign", onDelete: .cascade).notNull()
                t.column("status", .text).notNull()
                t.column("errors", .text).notNull()
                t.column("warnings", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("finishedAt", .datetime)
            }
            try db.create(table: "form") { t in
                t.primaryKey("id", .text)
                t.column("title", .text).notNull()
                t.column("sha256", .text).notNull()
                t.column("createdAt", .datetime).notNull()
            }
        }
        // v2: a campaign may be compared with an earlier run.
        migrator.registerMigration("v2") { db in
            try db.alter(table: "campaign") { t in t.add(column: "baselineRunId", .integer).references("run", onDelete: .setNull) }
        }
        // v3: what the pages edit (methods, each unit's 方式 and group labels), and run numbers
        // that count within a campaign (a campaign's first run is 第1次统计).
        migrator.registerMigration("v3") { db in
            try db.alter(table: "campaign") { t in
                t.add(column: "methods", .text)
                t.add(column: "runsMade", .integer).notNull().defaults(to: 0)
            }
            try db.alter(table: "unit") { t in
                t.add(column: "method", .text)
                t.add(column: "groups", .text)
            }
            try db.alter(table: "run") { t in t.add(column: "number", .integer) }
            try db.execute(sql: "UPDATE run SET number = (SELECT COUNT(*) FROM run AS earlier WHERE earlier.campaignId = run.campaignId AND earlier.id <= run.id)")
            try db.execute(sql: "UPDATE campaign SET runsMade = (SELECT COUNT(*) FROM run WHERE run.campaignId = campaign.id)")
        }
        // v4: the clerk's choices of columns and values (the mapping view).
        migrator.registerMigration("v4") { db in
            try db.alter(table: "campaign") { t in t.add(column: "adjustments", .text) }
        }
        // v5: 扫码测评 — the code ledger, the ballot box and each unit's collection (CollectionTables).
        migrator.registerMigration("v5") { db in try CollectionTables.create(db) }
        // v6: scanned paper ballots — each scan, its review items, unplaced pages, pages seen (ScanTables).
        migrator.registerMigration("v6") { db in try ScanTables.create(db) }
        return migrator
    }

    // MARK: reading

    public func campaigns() throws -> [CampaignRecord] {
        try pool.read { db in try CampaignRecord.order(Column("id").desc).fetchAll(db) }
    }

    public func campaign(_ id: Int64) throws -> CampaignRecord? {
        try pool.read { db in try CampaignRecord.fetchOne(db, key: id) }
    }

    public func units(of campaign: Int64) throws -> [UnitRecord] {
        try pool.read { db in try UnitRecord.filter(Column("campaignId") == campaign).order(Column("position")).fetchAll(db) }
    }

    public func uploads(of campaign: Int64) throws -> [UploadRecord] {
        try pool.read { db in try UploadRecord.filter(Column("campaignId") == campaign).order(Column("id")).fetchAll(db) }
    }

    public func runs(of campaign: Int64) throws -> [RunRecord] {
        try pool.read { db in try RunRecord.filter(Column("campaignId") == campaign).order(Column("id").desc).fetchAll(db) }
    }

    public func run(_ id: Int64) throws -> RunRecord? {
        try pool.read { db in try RunRecord.fetchOne(db, key: id) }
    }

    public func forms() throws -> [FormRecord] {
        try pool.read { db in try FormRecord.order(Column("id")).fetchAll(db) }
    }

    /// Whether any upload holds the file of this digest.
    public func uploadHolds(_ digest: String) throws -> Bool {
        try pool.read { db in try UploadRecord.filter(Column("sha256") == digest).fetchCount(db) > 0 }
    }

    public func form(_ id: String) throws -> FormRecord? {
        try pool.read { db in try FormRecord.fetchOne(db, key: id) }
    }

    // MARK: writing (each a transaction)

    public func createCampaign(_ campaign: CampaignRecord, units: [UnitRecord]) throws -> Int64 {
        try pool.write { db in
            var campaign = campaign
            try campaign.insert(db)
            for (position, unit) in units.enumerated() {
                var unit = unit
                unit.campaignId = campaign.id!
                unit.position = position
                try unit.insert(db)
            }
            return campaign.id!
        }
    }

    public func insert(_ upload: UploadRecord) throws -> UploadRecord {
        try pool.write { db in
            var upload = upload
            try upload.insert(db)
            return upload
        }
    }

    /// A new run, numbered after the campaign's last (deleted runs' numbers are not reused).
    public func insert(_ run: RunRecord) throws -> RunRecord {
        try pool.write { db in
            var run = run
            try db.execute(sql: "UPDATE campaign SET runsMade = runsMade + 1 WHERE id = ?", arguments: [run.campaignId])
            run.number = try Int.fetchOne(db, sql: "SELECT runsMade FROM campaign WHERE id = ?", arguments: [run.campaignId])
            try run.insert(db)
            return run
        }
    }

    public func update(_ run: RunRecord) throws {
        try pool.write { db in try run.update(db) }
    }

    public func setBaseline(_ run: Int64?, of campaign: Int64) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE campaign SET baselineRunId = ? WHERE id = ?", arguments: [run, campaign])
        }
    }

    /// Finished runs of other campaigns, newest first, with their campaign's title.
    public func finishedRuns(except campaign: Int64) throws -> [(run: Int64, title: String)] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT run.id, campaign.title FROM run JOIN campaign ON campaign.id = run.campaignId WHERE run.status = 'done' AND run.campaignId != ? ORDER BY run.id DESC",
                arguments: [campaign]
            ).map { ($0[0], $0[1]) }
        }
    }

    public func save(_ form: FormRecord) throws {
        try pool.write { db in try form.save(db) }
    }

    // MARK: editing (each one transaction: all of it is made, or none)

    /// A campaign changed by `change`; `nil` when there is none of this id.
    public func updateCampaign(_ id: Int64, _ change: (inout CampaignRecord) throws -> Void) throws -> CampaignRecord? {
        try pool.write { db in
            guard var campaign = try CampaignRecord.fetchOne(db, key: id) else { return nil }
            try change(&campaign)
            try campaign.update(db)
            return campaign
        }
    }

    /// Deletes a campaign with its units, uploads and runs (another campaign comparing with one
    /// of its runs compares with nothing). Returns what the files on disk were: the runs' ids
    /// and the uploads' digests, for the caller to remove those no one else holds.
    public func deleteCampaign(_ id: Int64) throws -> (runs: [Int64], digests: [String])? {
        try pool.write { db in
            guard try CampaignRecord.fetchOne(db, key: id) != nil else { return nil }
            let runs = try Int64.fetchAll(db, sql: "SELECT id FROM run WHERE campaignId = ?", arguments: [id])
            let digests = try String.fetchAll(db, sql: "SELECT DISTINCT sha256 FROM upload WHERE campaignId = ?", arguments: [id])
            _ = try CampaignRecord.deleteOne(db, key: id)
            return (runs, digests)
        }
    }

    /// A unit added after the campaign's others.
    public func addUnit(_ unit: UnitRecord) throws -> UnitRecord {
        try pool.write { db in
            var unit = unit
            unit.position = (try Int.fetchOne(db, sql: "SELECT MAX(position) FROM unit WHERE campaignId = ?", arguments: [unit.campaignId]) ?? -1) + 1
            try unit.insert(db)
            return unit
        }
    }

    /// A unit changed by `change`; a new name carries its uploads with it, a new `position`
    /// (0-based, clamped) moves it among the others. `nil` when there is no such unit.
    public func updateUnit(campaign: Int64, name: String, position: Int?, _ change: (inout UnitRecord) throws -> Void) throws -> UnitRecord? {
        try pool.write { db in
            guard var unit = try UnitRecord.filter(Column("campaignId") == campaign && Column("name") == name).fetchOne(db) else { return nil }
            try change(&unit)
            try unit.update(db)
            if unit.name != name {
                try db.execute(sql: "UPDATE upload SET unit = ? WHERE campaignId = ? AND unit = ?", arguments: [unit.name, campaign, name])
            }
            if let position {
                var order = try UnitRecord.filter(Column("campaignId") == campaign).order(Column("position")).fetchAll(db)
                order.removeAll { $0.id == unit.id }
                order.insert(unit, at: min(max(position, 0), order.count))
                for (index, var each) in order.enumerated() where each.position != index {
                    each.position = index
                    try each.update(db)
                }
                unit.position = min(max(position, 0), order.count - 1)
            }
            return unit
        }
    }

    /// Deletes a unit (the caller has checked that no upload is for it alone) and closes the gap.
    public func deleteUnit(campaign: Int64, name: String) throws -> Bool {
        try pool.write { db in
            guard try UnitRecord.filter(Column("campaignId") == campaign && Column("name") == name).deleteAll(db) > 0 else { return false }
            let order = try UnitRecord.filter(Column("campaignId") == campaign).order(Column("position")).fetchAll(db)
            for (index, var each) in order.enumerated() where each.position != index {
                each.position = index
                try each.update(db)
            }
            return true
        }
    }

    /// Deletes an upload's record; `nil` when the campaign has no such upload.
    public func deleteUpload(campaign: Int64, id: Int64) throws -> UploadRecord? {
        try pool.write { db in
            guard let upload = try UploadRecord.filter(Column("campaignId") == campaign && Column("id") == id).fetchOne(db) else { return nil }
            _ = try upload.delete(db)
            return upload
        }
    }

    public func update(_ upload: UploadRecord) throws {
        try pool.write { db in try upload.update(db) }
    }

    /// Deletes a run's record (a campaign comparing with it then compares with nothing).
    public func deleteRun(_ id: Int64) throws -> RunRecord? {
        try pool.write { db in
            guard let run = try RunRecord.fetchOne(db, key: id) else { return nil }
            _ = try run.delete(db)
            return run
        }
    }
}
