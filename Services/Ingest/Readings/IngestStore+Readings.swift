import Bus
import Domain
import Foundation
import GRDB
import Store

extension IngestStore {
    /// Stores readings of one station inside the caller's transaction and enqueues their events:
    /// one `measurement.batch` per period for new readings, one `measurement.revised` per period for
    /// corrections. Returns one outcome per input, in order.
    func record(
        _ db: Database, station: Station, readings: [ReadingInput], source: String, packetId: Int64?, now: Date
    ) throws -> [ReadingOutcome] {
        var outcomes: [ReadingOutcome] = []
        outcomes.reserveCapacity(readings.count)
        struct PeriodKey: Hashable {
            var kind: PeriodKind
            var start: Date
        }
        var fresh: [PeriodKey: [MeasurementEvent.Value]] = [:]
        var revised: [PeriodKey: [MeasurementEvent.Value]] = [:]
        var order: [PeriodKey] = []
        let find = try db.cachedStatement(
            sql: """
                SELECT * FROM reading
                WHERE station = ? AND factor = ? AND periodKind = ? AND periodStart = ? AND statistic = ?
                """)
        // GRDB's own Date formatting costs more than the insert; this writes the same text.
        let nowValue = BusTime.formatDatabase(now).databaseValue
        // Dates are formatted once per packet, not once per reading: formatting dominates otherwise.
        var startValues: [Date: DatabaseValue] = [:]
        let starts = readings.map { input -> DatabaseValue in
            if let known = startValues[input.periodStart] { return known }
            let text = BusTime.formatDatabase(input.periodStart).databaseValue
            startValues[input.periodStart] = text
            return text
        }
        // Insert first, many rows per statement: fresh readings (the common case) then cost a share of
        // one statement each. The rows that went in come back by key; any other reading of the input
        // met a stored one (or an earlier copy of itself) and is compared with it below.
        var inserted: [InsertedKey: Int] = [:]
        for chunk in stride(from: 0, to: readings.count, by: Self.rowsPerInsert) {
            let rows = chunk..<min(chunk + Self.rowsPerInsert, readings.count)
            let insert = try db.cachedStatement(sql: Self.insertSQL(rows: rows.count))
            var arguments: [(any DatabaseValueConvertible)?] = []
            arguments.reserveCapacity(rows.count * 11)
            for index in rows {
                let input = readings[index]
                arguments += [
                    station.mn, input.factor, input.periodKind.rawValue, starts[index], input.statistic, input.value,
                    input.unit, input.flag, source, packetId, nowValue,
                ]
            }
            let returned = try Row.fetchCursor(insert, arguments: StatementArguments(arguments))
            while let row = try returned.next() {
                inserted[
                    InsertedKey(factor: row[0], periodKind: row[1], periodStart: row[2], statistic: row[3]), default: 0] +=
                    1
            }
        }
        for (index, input) in readings.enumerated() {
            let key = PeriodKey(kind: input.periodKind, start: input.periodStart)
            if fresh[key] == nil && revised[key] == nil { order.append(key) }
            let value = MeasurementEvent.Value(
                factor: input.factor, statistic: input.statistic, value: input.value, unit: input.unit, flag: input.flag
            )
            let insertedKey = InsertedKey(
                factor: input.factor, periodKind: input.periodKind.rawValue,
                periodStart: String.fromDatabaseValue(starts[index]) ?? "", statistic: input.statistic)
            if let count = inserted[insertedKey], count > 0 {
                inserted[insertedKey] = count - 1
                fresh[key, default: []].append(value)
                outcomes.append(.stored)
                continue
            }
            guard
                var existing = try Reading.fetchOne(
                    find,
                    arguments: [
                        station.mn, input.factor, input.periodKind.rawValue, input.periodStart, input.statistic,
                    ])
            else { throw DatabaseError(message: "reading neither inserted nor found") }
            if Self.sameValue(existing.value, input.value) && existing.flag == input.flag {
                outcomes.append(.unchanged)
                continue
            }
            guard let readingId = existing.id else { throw DatabaseError(message: "reading without id") }
            var revision = ReadingRevision(
                id: nil, readingId: readingId, previousValue: existing.value, previousFlag: existing.flag,
                value: input.value, flag: input.flag, source: source, packetId: packetId, revisedAt: now)
            try revision.insert(db)
            var change = value
            change.previousValue = existing.value
            change.previousFlag = existing.flag
            existing.value = input.value
            existing.flag = input.flag
            existing.revisionCount += 1
            if existing.unit == nil { existing.unit = input.unit }
            try existing.update(db)
            revised[key, default: []].append(change)
            outcomes.append(.revised)
        }
        for key in order {
            for (values, type) in [
                (fresh[key], MeasurementEvent.batchType), (revised[key], MeasurementEvent.revisedType),
            ] {
                guard let values, !values.isEmpty else { continue }
                let payload = MeasurementEvent(
                    station: station.mn, kind: station.kind, st: station.st, department: station.department,
                    periodKind: key.kind, periodStart: key.start, source: source, readings: values)
                try outbox.enqueue(
                    db, topic: station.measurementTopic, type: type, payloadJSON: payload.jsonData(), time: key.start)
            }
        }
        return outcomes
    }

    /// Rows per multi-row insert: 11 parameters each, far below SQLite's limit, and few distinct
    /// statements to cache.
    static let rowsPerInsert = 32

    /// The identity of an inserted reading within one station's batch, as RETURNING gives it back.
    struct InsertedKey: Hashable {
        var factor: String
        var periodKind: String
        var periodStart: String
        var statistic: String
    }

    /// `INSERT … RETURNING` of `rows` readings that skips the ones already stored.
    static func insertSQL(rows: Int) -> String {
        let values = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)", count: rows).joined(separator: ", ")
        return """
            INSERT INTO reading
            (station, factor, periodKind, periodStart, statistic, value, unit, flag, source, packetId, receivedAt, revisionCount)
            VALUES \(values)
            ON CONFLICT (station, periodKind, periodStart, factor, statistic) DO NOTHING
            RETURNING factor, periodKind, periodStart, statistic
            """
    }

    /// Whether two decimal texts denote the same number (`35.2` and `35.20` do).
    static func sameValue(_ lhs: String, _ rhs: String) -> Bool {
        if lhs == rhs { return true }
        guard let left = Decimal(string: lhs, locale: Locale(identifier: "en_US_POSIX")),
            let right = Decimal(string: rhs, locale: Locale(identifier: "en_US_POSIX"))
        else { return false }
        return left == right
    }

    /// Readings of `station`, optionally of one factor and one period kind, with period start in
    /// `[from, to)`, oldest first.
    ///
    /// They are found through the unique key (station, periodKind, periodStart, factor, statistic):
    /// one range of it for a period kind, whose order is already the answer's; without a kind, one
    /// range per kind, merged by SQLite's sorter.
    func readings(
        station: String, factor: String?, kind: PeriodKind? = nil, from: Date?, to: Date?, limit: Int
    ) async throws -> [Reading] {
        try await writer.read { db in
            try Self.readingsRequest(station: station, factor: factor, kind: kind, from: from, to: to, limit: limit)
                .fetchAll(db)
        }
    }

    /// The request `readings(station:factor:kind:from:to:limit:)` runs.
    static func readingsRequest(
        station: String, factor: String?, kind: PeriodKind?, from: Date?, to: Date?, limit: Int
    ) -> QueryInterfaceRequest<Reading> {
        var request = Reading.filter(Column("station") == station)
        let kinds = kind.map { [$0] } ?? PeriodKind.allCases
        request = request.filter(kinds.map(\.rawValue).contains(Column("periodKind")))
        if let factor { request = request.filter(Column("factor") == factor) }
        if let from { request = request.filter(Column("periodStart") >= from) }
        if let to { request = request.filter(Column("periodStart") < to) }
        return request.order(Column("periodStart"), Column("factor"), Column("statistic")).limit(limit)
    }
}
