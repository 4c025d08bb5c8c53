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
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO reading
                (station, factor, periodKind, periodStart, statistic, value, unit, flag, source, packetId, receivedAt, revisionCount)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
                ON CONFLICT (station, periodKind, periodStart, factor, statistic) DO NOTHING
                """)
        // GRDB's own Date formatting costs more than the insert; this writes the same text.
        let nowValue = BusTime.formatDatabase(now).databaseValue
        var startValues: [Date: DatabaseValue] = [:]
        for input in readings {
            let key = PeriodKey(kind: input.periodKind, start: input.periodStart)
            if fresh[key] == nil && revised[key] == nil { order.append(key) }
            let value = MeasurementEvent.Value(
                factor: input.factor, statistic: input.statistic, value: input.value, unit: input.unit, flag: input.flag)
            // Insert first: a fresh reading (the common case) then costs one statement.
            // Dates are formatted once per packet, not once per reading: formatting dominates otherwise.
            let start: DatabaseValue
            if let known = startValues[input.periodStart] {
                start = known
            } else {
                start = BusTime.formatDatabase(input.periodStart).databaseValue
                startValues[input.periodStart] = start
            }
            try insert.execute(arguments: [
                station.mn, input.factor, input.periodKind.rawValue, start, input.statistic, input.value,
                input.unit, input.flag, source, packetId, nowValue,
            ])
            if db.changesCount == 1 {
                fresh[key, default: []].append(value)
                outcomes.append(.stored)
                continue
            }
            guard
                var existing = try Reading.fetchOne(
                    find,
                    arguments: [station.mn, input.factor, input.periodKind.rawValue, input.periodStart, input.statistic])
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
            for (values, type) in [(fresh[key], MeasurementEvent.batchType), (revised[key], MeasurementEvent.revisedType)] {
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

    /// Whether two decimal texts denote the same number (`35.2` and `35.20` do).
    static func sameValue(_ lhs: String, _ rhs: String) -> Bool {
        if lhs == rhs { return true }
        guard let left = Decimal(string: lhs, locale: Locale(identifier: "en_US_POSIX")),
            let right = Decimal(string: rhs, locale: Locale(identifier: "en_US_POSIX"))
        else { return false }
        return left == right
    }

    /// Readings of `station`, optionally of one factor, with period start in `[from, to)`, oldest first.
    func readings(station: String, factor: String?, from: Date?, to: Date?, limit: Int) async throws -> [Reading] {
        try await writer.read { db in
            var request = Reading.filter(Column("station") == station)
            if let factor { request = request.filter(Column("factor") == factor) }
            if let from { request = request.filter(Column("periodStart") >= from) }
            if let to { request = request.filter(Column("periodStart") < to) }
            return try request.order(Column("periodStart"), Column("factor"), Column("statistic")).limit(limit).fetchAll(db)
        }
    }
}
