import Bus
import BusTesting
import Domain
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import Prometheus
import ServiceKit
import Store
import Testing

@testable import Manifests

/// Codes, counties and tokens of the test world.
enum World {
    /// A valid USCC numbered `n`.
    static func uscc(_ n: Int) -> String {
        let digits = String(n)
        return USCC.completing("914302000000000" + String(repeating: "0", count: 2 - digits.count) + digits) ?? ""
    }

    static let consignor = uscc(1)
    static let otherConsignor = uscc(2)
    static let carrier = uscc(3)
    static let receiver = uscc(4)
    static let otherReceiver = uscc(5)
    static let unlicensedCarrier = uscc(6)
    static let hospital = uscc(7)

    static let plate = "湘B10001"
    static let otherPlate = "湘B10002"

    /// Plain token of each caller; `token(for:)` gives the config entries.
    static let tokens: [(department: String, role: String, token: String)] = [
        ("bureau", "admin", "t-bureau"),
        ("transport", "viewer", "t-transport"),
        ("police", "viewer", "t-police"),
        ("health", "operator", "t-health"),
        ("water", "operator", "t-water"),
        ("emergency", "operator", "t-emergency"),
        ("enterprise.\(consignor)", "operator", "t-consignor"),
        ("enterprise.\(consignor)", "viewer", "t-consignor-viewer"),
        ("enterprise.\(otherConsignor)", "operator", "t-other-consignor"),
        ("enterprise.\(carrier)", "operator", "t-carrier"),
        ("enterprise.\(receiver)", "operator", "t-receiver"),
        ("enterprise.\(otherReceiver)", "operator", "t-other-receiver"),
        ("enterprise.\(unlicensedCarrier)", "operator", "t-unlicensed-carrier"),
        ("enterprise.\(hospital)", "operator", "t-hospital"),
    ]

    /// Monday 2 March 2026, 10:00 in Zhuzhou.
    static let start = BusTime.parse("2026-03-02T02:00:00Z") ?? Date()
}

/// A manifests service over a real SQLite file in a temporary directory, with a movable clock.
final class Harness: Sendable {
    let directory: TemporaryDirectory
    let store: ManifestsStore
    let context: ZMQContext
    let clock: LockedValue<Date>
    let settings: ServiceSettings

    init() throws {
        directory = try TemporaryDirectory(prefix: "manifests-test")
        let pool = try DatabaseOpener.openPool(directory: directory.url, name: "manifests")
        store = try ManifestsStore(writer: pool)
        context = try ZMQContext()
        clock = LockedValue(World.start)
        let tokens = World.tokens.map { "\($0.department):\($0.role):\(TokenHash.hex(of: $0.token))" }
        settings = ServiceSettings(
            service: .manifests,
            reader: ServiceConfigReader.make(values: [
                "AUTH_TOKENS": tokens.joined(separator: ","),
                "BUS_PUBLISH_ENDPOINT": "tcp://127.0.0.1:*",
                "BUS_REPLAY_ENDPOINT": "tcp://127.0.0.1:*",
                "DATA_DIRECTORY": directory.url.path,
            ]))
    }

    deinit {
        directory.remove()
    }

    var now: Date { clock.withLock { $0 } }

    /// Moves the clock on.
    func advance(hours: Double) {
        clock.withLock { $0 = $0.addingTimeInterval(hours * 3600) }
    }

    /// Runs `body` against the application through Hummingbird's router test client.
    func withApp(_ body: @Sendable (API) async throws -> Void) async throws {
        var logger = Logger(label: "test.manifests")
        logger.logLevel = .critical
        let clock = self.clock
        let app = try buildApplication(
            settings: settings, manifests: ManifestsSettings(scanInterval: .seconds(3600)), logger: logger,
            registry: PrometheusCollectorRegistry(), store: store, context: context, now: { clock.withLock { $0 } })
        try await app.test(.router) { client in try await body(API(client: client)) }
    }

    /// Registers the standard world directly in the store.
    func seed() async throws {
        let now = World.start
        func enterprise(_ uscc: String, _ name: String, _ county: String, _ roles: [EnterpriseRole]) async throws {
            _ = try await store.registerEnterprise(
                EnterpriseInput(uscc: uscc, name: name, county: county, roles: roles), now: now)
        }
        try await enterprise(World.consignor, "株洲冶炼厂", "430202", [.consignor])
        try await enterprise(World.otherConsignor, "醴陵电镀厂", "430281", [.consignor])
        try await enterprise(World.carrier, "株洲危货运输公司", "430211", [.carrier])
        try await enterprise(World.receiver, "株洲危废处置中心", "430211", [.receiver])
        try await enterprise(World.otherReceiver, "湘潭综合利用公司", "430302", [.receiver])
        try await enterprise(World.unlicensedCarrier, "无证运输公司", "430211", [.carrier])
        try await enterprise(World.hospital, "株洲市中心医院", "430203", [.consignor])
        _ = try await store.addReceiverLicence(
            uscc: World.receiver,
            ReceiverLicenceInput(
                number: "HN-4302-001", validFrom: "2026-01-01", validUntil: "2026-12-31",
                annualCapacityTonnes: "1000000",
                permittedCodes: ["900-041-49", "900-249-08", "841-001-01", "336-064-17"]), now: now)
        _ = try await store.addReceiverLicence(
            uscc: World.otherReceiver,
            ReceiverLicenceInput(
                number: "HN-4303-009", validFrom: "2026-01-01", validUntil: "2026-12-31", annualCapacityTonnes: "5000",
                permittedCodes: ["900-041-49", "900-249-08"]), now: now)
        _ = try await store.addCarrierLicence(
            uscc: World.carrier,
            CarrierLicenceInput(number: "湘交运危 430200001", validFrom: "2025-01-01", validUntil: "2028-12-31"),
            now: now)
        _ = try await store.addVehicle(
            uscc: World.carrier,
            VehicleInput(plate: World.plate, permitNumber: "430200100001", validUntil: "2027-06-30"), now: now)
        _ = try await store.addVehicle(
            uscc: World.unlicensedCarrier,
            VehicleInput(plate: World.otherPlate, permitNumber: "430200100002", validUntil: "2027-06-30"),
            now: now)
        _ = try await store.declarePlan(
            uscc: World.consignor, year: 2026,
            PlanInput(lines: [
                .init(code: "900-041-49", quantityTonnes: "100"), .init(code: "900-249-08", quantityTonnes: "100"),
            ]),
            now: now)
        _ = try await store.declarePlan(
            uscc: World.hospital, year: 2026, PlanInput(lines: [.init(code: "841-001-01", quantityTonnes: "50")]),
            now: now)
    }

    /// The outbox rows, oldest first.
    func outbox() throws -> [OutboxEntry] {
        try store.writer.read { db in try OutboxEntry.order(Column("sequence")).fetchAll(db) }
    }

    /// Topics in the outbox, oldest first.
    func topics() throws -> [String] { try outbox().map(\.topic) }
}

/// A small JSON client over a Hummingbird test client.
struct API: Sendable {
    let client: any TestClientProtocol

    /// A response: status and body.
    struct Reply: Sendable {
        let status: HTTPResponse.Status
        let body: Data
        let headers: HTTPFields

        var text: String { String(decoding: body, as: UTF8.self) }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try EventEnvelope.makeDecoder().decode(T.self, from: body)
        }

        /// The problem title, when the body is a problem document.
        var problemTitle: String {
            ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any])?["title"] as? String ?? ""
        }
    }

    func send(_ method: HTTPRequest.Method, _ uri: String, token: String?, json: some Encodable) async throws -> Reply {
        try await execute(
            method, uri, token: token, body: ByteBuffer(bytes: try EventEnvelope.makeEncoder().encode(json)))
    }

    func send(_ method: HTTPRequest.Method, _ uri: String, token: String?) async throws -> Reply {
        try await execute(method, uri, token: token, body: nil)
    }

    private func execute(_ method: HTTPRequest.Method, _ uri: String, token: String?, body: ByteBuffer?) async throws
        -> Reply
    {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer \(token)" }
        if body != nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
            Reply(status: response.status, body: Data(response.body.readableBytesView), headers: response.headers)
        }
    }

    func raw(_ method: HTTPRequest.Method, _ uri: String, token: String?, body: String) async throws -> Reply {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer \(token)" }
        headers[.contentType] = "application/json"
        return try await client.execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: body)) {
            response in
            Reply(status: response.status, body: Data(response.body.readableBytesView), headers: response.headers)
        }
    }

    // MARK: - Lifecycle helpers

    static func line(
        _ code: String = "900-041-49", quantity: String = "2.5", unit: String = "t", pieces: Int = 10
    ) -> LineInput {
        LineInput(
            code: code, name: nil, form: "solid", packaging: "吨袋", pieces: pieces, plannedQuantity: quantity, unit: unit
        )
    }

    static func draft(
        lines: [LineInput] = [line()], carrier: String = World.carrier, receiver: String = World.receiver,
        plate: String? = World.plate, reference: String? = nil
    ) -> DraftInput {
        DraftInput(
            reference: reference, carrierUscc: carrier, receiverUscc: receiver, vehiclePlate: plate,
            disposalDeadline: nil,
            lines: lines)
    }

    func create(_ draft: DraftInput = API.draft(), token: String = "t-consignor") async throws -> ManifestSummary {
        let reply = try await send(.post, "/v1/manifests", token: token, json: draft)
        #expect(reply.status == .created, "\(reply.text)")
        return try reply.decode(ManifestSummary.self)
    }

    func submit(_ number: String, token: String = "t-consignor") async throws -> Reply {
        try await send(.post, "/v1/manifests/\(number)/submit", token: token, json: SignInput(signer: "张三"))
    }

    func pickUp(_ number: String, token: String = "t-carrier") async throws -> Reply {
        try await send(
            .post, "/v1/manifests/\(number)/pickup", token: token,
            json: PickupInput(signer: "李四", vehiclePlate: nil, driver: "王五"))
    }

    func receive(_ number: String, token: String = "t-receiver", quantity: String = "2.5", pieces: Int = 10)
        async throws -> Reply
    {
        try await send(
            .post, "/v1/manifests/\(number)/receive", token: token,
            json: ReceiveInput(
                signer: "赵六", lines: [.init(line: 1, actualQuantity: quantity, actualPieces: pieces)], rejection: nil))
    }

    func complete(_ number: String, token: String = "t-receiver") async throws -> Reply {
        try await send(
            .post, "/v1/manifests/\(number)/complete", token: token,
            json: CompleteInput(signer: "赵六", method: "disposal", lines: nil))
    }

    func cancel(_ number: String, token: String = "t-consignor") async throws -> Reply {
        try await send(
            .post, "/v1/manifests/\(number)/cancel", token: token, json: CancelInput(signer: "张三", reason: "计划变更"))
    }

    func reject(_ number: String, token: String = "t-receiver") async throws -> Reply {
        try await send(
            .post, "/v1/manifests/\(number)/reject", token: token,
            json: RejectInput(signer: "赵六", rejection: RejectionRoute(kind: .return, receiverUscc: nil, note: "包装破损")))
    }

    /// A manifest driven to `state` through the API.
    func manifest(in state: ManifestState, draft: DraftInput = API.draft(), consignorToken: String = "t-consignor")
        async throws -> String
    {
        let number = try await create(draft, token: consignorToken).number
        if state == .draft { return number }
        #expect(try await submit(number, token: consignorToken).status == .ok)
        if state == .submitted { return number }
        if state == .cancelled {
            #expect(try await cancel(number, token: consignorToken).status == .ok)
            return number
        }
        #expect(try await pickUp(number).status == .ok)
        if state == .inTransit { return number }
        if state == .rejected {
            #expect(try await reject(number).status == .ok)
            return number
        }
        #expect(try await receive(number).status == .ok)
        if state == .received { return number }
        #expect(try await complete(number).status == .ok)
        return number
    }
}
