import Domain
import Foundation
import GRDB
import Hummingbird
import ServiceKit

/// `POST /v1/measurements` (JSON), `POST /v1/measurements.csv` and `GET /v1/readings`.
///
/// Batches are checked row by row: good rows are stored in one transaction and bad rows are
/// reported with their error, so one bad row never rejects the good ones.
struct MeasurementsController: Sendable {
    /// The store.
    let store: IngestStore

    /// The CSV header the CSV endpoint documents (column order is free; `unit`, `flag`, `dataTime` optional).
    static let csvHeader = "station,factor,periodKind,periodStart,statistic,value,unit,flag"
    /// Largest body accepted.
    static let maximumBody = 16 * 1024 * 1024
    /// Most rows returned by `GET /v1/readings`.
    static let maximumReadings = 10_000

    /// The JSON body of `POST /v1/measurements`.
    struct Batch: Decodable {
        /// The rows.
        var readings: [MeasurementRow]
    }

    /// The result of one row.
    struct RowResult: Codable, Sendable, Equatable {
        /// 1-based row number in the batch.
        var row: Int
        /// The CSV line, for CSV uploads.
        var line: Int?
        /// `stored`, `unchanged`, `revised` or `rejected`.
        var status: String
        /// Why it was rejected.
        var error: String?
    }

    /// The response of both upload endpoints.
    struct BatchResult: Codable, Sendable, Equatable {
        /// Rows stored, unchanged or revised.
        var accepted: Int
        /// Rows rejected.
        var rejected: Int
        /// One result per row, in order.
        var results: [RowResult]
    }

    /// Adds the routes.
    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.post("v1/measurements") { request, context in
            let caller = try context.requireCaller(.operator_)
            let body = try await request.body.collect(upTo: Self.maximumBody)
            let batch: Batch
            do {
                batch = try JSONDecoder().decode(Batch.self, from: Data(buffer: body))
            } catch {
                throw Problem(
                    status: .badRequest, title: "invalid measurement batch", detail: "expected {\"readings\": [ … ]}")
            }
            let result = try await ingest(batch.readings.map { ($0, nil) }, caller: caller, source: "json")
            return try jsonResponse(result)
        }
        router.post("v1/measurements.csv") { request, context in
            let caller = try context.requireCaller(.operator_)
            let body = try await request.body.collect(upTo: Self.maximumBody)
            var text = String(decoding: body.readableBytesView, as: UTF8.self)
            // Spreadsheet exports often start with a byte-order mark.
            if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            var records = CSVTable.records(text)
            guard !records.isEmpty else {
                throw Problem(
                    status: .badRequest, title: "empty CSV",
                    detail: "the first line must be the header \(Self.csvHeader)")
            }
            let header = records.removeFirst().fields.map { $0.trimmingCharacters(in: .whitespaces) }
            let required = ["station", "factor", "periodKind", "statistic", "value"]
            let missing = required.filter { !header.contains($0) }
            guard missing.isEmpty, header.contains("periodStart") || header.contains("dataTime") else {
                throw Problem(
                    status: .badRequest, title: "invalid CSV header",
                    detail:
                        "missing \((missing + ["periodStart or dataTime"]).joined(separator: ", ")); expected \(Self.csvHeader)"
                )
            }
            let rows = records.map { record -> (MeasurementRow, Int?) in
                var fields: [String: String] = [:]
                for (index, name) in header.enumerated() where index < record.fields.count {
                    fields[name] = record.fields[index]
                }
                var row = MeasurementRow(fields: fields)
                if record.fields.count != header.count { row.malformed = true }
                return (row, record.line)
            }
            return try jsonResponse(try await ingest(rows, caller: caller, source: "csv"))
        }
        router.get("v1/readings") { request, context in
            _ = try context.requireCaller()
            let query = request.uri.queryParameters
            guard let station = query.get("station"), !station.isEmpty else {
                throw Problem(status: .badRequest, title: "station is required")
            }
            func instant(_ name: String) throws -> Date? {
                guard let text = query.get(name) else { return nil }
                guard let date = MeasurementRow.parseInstant(text) else {
                    throw Problem(status: .badRequest, title: "\(name) must be ISO 8601 with a zone")
                }
                return date
            }
            var kind: PeriodKind?
            if let text = query.get("kind") {
                guard let known = PeriodKind(rawValue: text) else {
                    throw Problem(status: .badRequest, title: "kind must be one of instant, minute, hour, day")
                }
                kind = known
            }
            let limit = min(max(query.get("limit", as: Int.self) ?? 1000, 1), Self.maximumReadings)
            let readings = try await store.readings(
                station: station, factor: query.get("factor"), kind: kind, from: try instant("from"),
                to: try instant("to"),
                limit: limit)
            return try jsonResponse(readings.map(ReadingView.init))
        }
    }

    private func ingest(_ rows: [(MeasurementRow, Int?)], caller: Caller, source: String) async throws -> BatchResult {
        let wanted = Set(rows.compactMap { $0.0.station })
        let stations = try await store.writer.read { db in
            try Station.filter(keys: Array(wanted)).fetchAll(db)
        }
        let byMN = Dictionary(stations.map { ($0.mn, $0) }, uniquingKeysWith: { first, _ in first })
        var results: [RowResult] = []
        var accepted: [(index: Int, station: Station, input: ReadingInput)] = []
        for (offset, (row, line)) in rows.enumerated() {
            var result = RowResult(row: offset + 1, line: line, status: "rejected", error: nil)
            defer { results.append(result) }
            if row.malformed {
                result.error =
                    source == "csv" ? "the line does not have one field per header column" : "the row is not an object"
                continue
            }
            guard let mn = row.station, let station = byMN[mn] else {
                result.error = "unknown station \(row.station ?? "(none)")"
                continue
            }
            guard caller.has(.admin) || caller.department == station.department else {
                result.error = "station \(mn) belongs to \(station.department), not \(caller.department)"
                continue
            }
            switch row.reading(station: station) {
            case .failure(let error): result.error = error.message
            case .success(let input):
                result.status = "pending"
                accepted.append((offset, station, input))
            }
        }
        let outcomes = try await store.record(rows: accepted, source: source, now: Date())
        for (index, outcome) in outcomes {
            results[index].status = outcome.rawValue
        }
        let rejected = results.filter { $0.status == "rejected" }.count
        return BatchResult(accepted: results.count - rejected, rejected: rejected, results: results)
    }
}
