import Domain
import Foundation
import GRDB
import ServiceKit

extension ManifestsStore {
    // MARK: - Drafts

    /// Creates a draft for the calling consignor; with a known `reference` returns the existing
    /// manifest instead (`created` false), so a retried request makes no second manifest.
    func createDraft(_ input: DraftInput, caller: Caller, now: Date) async throws -> (
        summary: ManifestSummary, created: Bool
    ) {
        guard case .enterprise(let uscc) = Party(caller), caller.has(.operator_) else {
            throw Problem(
                status: .forbidden, title: "only a consignor enterprise (operator token) may create a manifest")
        }
        let lines = try validatedLines(input.lines)
        return try await writer.write { db in
            if let reference = input.reference,
                let existing = try Manifest.filter(Column("consignorUscc") == uscc && Column("reference") == reference)
                    .fetchOne(db)
            {
                return (try summary(db, existing), false)
            }
            let consignor = try Self.requireEnterprise(db, uscc, role: .consignor)
            let receiver = try Self.requireEnterprise(db, input.receiverUscc, role: .receiver)
            try Self.requireEnterprise(db, input.carrierUscc, role: .carrier)
            var manifest = Manifest(
                id: nil, number: try nextNumber(db, county: consignor.county, now: now), kind: .standard,
                parentNumber: nil, state: .draft, version: 0, consignorUscc: uscc, carrierUscc: input.carrierUscc,
                receiverUscc: receiver.uscc, consignorCounty: consignor.county, receiverCounty: receiver.county,
                vehiclePlate: input.vehiclePlate, driver: nil, reference: input.reference,
                medical: lines.contains { $0.category == "HW01" }, disposalDeadline: input.disposalDeadline,
                createdAt: now, submittedAt: nil, pickedUpAt: nil, receivedAt: nil, completedAt: nil, closedAt: nil,
                updatedAt: now)
            try manifest.insert(db)
            let stored = try insertLines(db, lines, manifestId: manifest.id ?? 0)
            let summary = try record(
                db, manifest, stored, action: "create", from: nil, actor: caller.department, signer: nil, note: nil,
                now: now)
            return (summary, true)
        }
    }

    /// Replaces a draft's parties and lines; only the consignor, only while a draft.
    func updateDraft(number: String, _ input: DraftInput, caller: Caller, now: Date) async throws -> ManifestSummary {
        let lines = try validatedLines(input.lines)
        return try await writer.write { db in
            var (manifest, _) = try load(db, number: number, caller: caller)
            try requireParty(manifest, .consignor, caller: caller, action: "edit")
            try requireState(manifest, [.draft], action: "edit", hint: "a signed manifest changes only by a correction")
            try Self.requireEnterprise(db, input.carrierUscc, role: .carrier)
            if manifest.kind == .return {
                // A return goes back to the original consignor, who need not be a licensed receiver.
                guard input.receiverUscc == manifest.receiverUscc else {
                    throw Problem(
                        status: .unprocessableContent,
                        title: "a return manifest goes back to its consignor \(manifest.receiverUscc)")
                }
            } else {
                let receiver = try Self.requireEnterprise(db, input.receiverUscc, role: .receiver)
                manifest.receiverUscc = receiver.uscc
                manifest.receiverCounty = receiver.county
            }
            manifest.carrierUscc = input.carrierUscc
            manifest.vehiclePlate = input.vehiclePlate
            manifest.disposalDeadline = input.disposalDeadline
            manifest.medical = lines.contains { $0.category == "HW01" }
            manifest.updatedAt = now
            try manifest.update(db)
            try ManifestLine.filter(Column("manifestId") == manifest.id).deleteAll(db)
            let stored = try insertLines(db, lines, manifestId: manifest.id ?? 0)
            try audit(
                db, manifest, action: "update", from: .draft, actor: caller.department, signer: nil, note: nil, now: now
            )
            return try summary(db, manifest, lines: stored)
        }
    }

    // MARK: - Transitions

    /// The consignor signs: every check runs; a refusal leaves the draft as it was but is recorded
    /// in the audit trail (and a receiver refusal as an anomaly); a plan overrun is a recorded warning.
    func submit(number: String, _ input: SignInput, caller: Caller, now: Date) async throws -> ManifestSummary {
        let signer = try Self.requireSigner(input.signer)
        let outcome: Result<ManifestSummary, Problem> = try await writer.write { db in
            var (manifest, lines) = try load(db, number: number, caller: caller)
            try requireParty(manifest, .consignor, caller: caller, action: "submit")
            try requireState(manifest, [.draft], action: "submit")
            do {
                try checkLines(lines)
                if manifest.kind != .return, let refusal = try receiverRefusal(db, manifest, lines, now: now) {
                    try raiseAnomaly(db, manifest, lines, kind: .unlicensedReceiver, detail: refusal.title, now: now)
                    throw refusal
                }
                try checkCarrier(
                    db, carrier: manifest.carrierUscc, plate: manifest.vehiclePlate, now: now, stage: "submission")
            } catch let refusal as Problem {
                // Committed on purpose: the refusal (and any anomaly) stays on record; the draft is unchanged.
                try audit(
                    db, manifest, action: "submit_refused", from: .draft, actor: caller.department, signer: signer,
                    note: refusal.title, now: now)
                return .failure(refusal)
            }
            try recordPlanWarnings(db, manifest, lines, now: now)
            manifest.state = .submitted
            manifest.version += 1
            manifest.submittedAt = now
            manifest.updatedAt = now
            try manifest.update(db)
            try snapshot(db, manifest, lines, reason: "signed by consignor", by: caller.department, now: now)
            return .success(
                try record(
                    db, manifest, lines, action: "submit", from: .draft, actor: caller.department, signer: signer,
                    note: nil, now: now))
        }
        return try outcome.get()
    }

    /// The consignor withdraws a manifest before pick-up.
    func cancel(number: String, _ input: CancelInput, caller: Caller, now: Date) async throws -> ManifestSummary {
        let signer = try Self.requireSigner(input.signer)
        let reason = try Self.requireText(input.reason, "a cancellation needs a reason")
        return try await writer.write { db in
            var (manifest, lines) = try load(db, number: number, caller: caller)
            try requireParty(manifest, .consignor, caller: caller, action: "cancel")
            try requireState(
                manifest, [.draft, .submitted], action: "cancel", hint: "cancellation is possible only before pick-up")
            let from = manifest.state
            manifest.state = .cancelled
            manifest.closedAt = now
            manifest.updatedAt = now
            try manifest.update(db)
            return try record(
                db, manifest, lines, action: "cancel", from: from, actor: caller.department, signer: signer,
                note: reason, now: now)
        }
    }

    /// The carrier signs at pick-up with the vehicle and driver.
    func pickUp(number: String, _ input: PickupInput, caller: Caller, now: Date) async throws -> ManifestSummary {
        let signer = try Self.requireSigner(input.signer)
        let driver = try Self.requireText(input.driver, "pick-up needs the driver's name")
        return try await writer.write { db in
            var (manifest, lines) = try load(db, number: number, caller: caller)
            try requireParty(manifest, .carrier, caller: caller, action: "pick up")
            try requireState(manifest, [.submitted], action: "pick up")
            let plate = input.vehiclePlate ?? manifest.vehiclePlate
            try checkCarrier(db, carrier: manifest.carrierUscc, plate: plate, now: now, stage: "pick-up")
            manifest.state = .inTransit
            manifest.vehiclePlate = plate
            manifest.driver = driver
            manifest.version += 1
            manifest.pickedUpAt = now
            if manifest.disposalDeadline == nil {
                manifest.disposalDeadline = now.addingTimeInterval(TimeInterval(rules.disposalDays) * 86_400)
            }
            manifest.updatedAt = now
            try manifest.update(db)
            try snapshot(db, manifest, lines, reason: "signed by carrier at pick-up", by: caller.department, now: now)
            return try record(
                db, manifest, lines, action: "pickup", from: .submitted, actor: caller.department,
                signer: signer, note: nil, now: now)
        }
    }

    /// The receiver weighs and signs; a refused part starts a linked manifest; a discrepancy is an anomaly.
    func receive(number: String, _ input: ReceiveInput, caller: Caller, now: Date) async throws -> ManifestSummary {
        let signer = try Self.requireSigner(input.signer)
        return try await writer.write { db in
            var (manifest, lines) = try load(db, number: number, caller: caller)
            try requireParty(manifest, .receiver, caller: caller, action: "receive")
            try requireState(manifest, [.inTransit], action: "receive")
            var byLine: [Int: ReceiveInput.Line] = [:]
            for weighed in input.lines { byLine[weighed.line] = weighed }
            guard byLine.count == input.lines.count, Set(byLine.keys) == Set(lines.map(\.lineNo)) else {
                throw Problem(
                    status: .unprocessableContent, title: "receipt must weigh every line exactly once",
                    detail: "lines of the manifest: \(lines.map(\.lineNo).map(String.init).joined(separator: ", "))")
            }
            var rejected: [ManifestLine] = []
            var discrepancies: [String] = []
            for index in lines.indices {
                guard let weighed = byLine[lines[index].lineNo] else { continue }
                let line = lines[index]
                guard let actual = DecimalText.parse(weighed.actualQuantity), actual >= 0, weighed.actualPieces >= 0
                else {
                    throw Problem(
                        status: .unprocessableContent,
                        title: "line \(line.lineNo): weighed quantity and pieces must be non-negative numbers")
                }
                let refused =
                    try weighed.rejectedQuantity.map { text -> Decimal in
                        guard let value = DecimalText.parse(text), value >= 0, value <= actual else {
                            throw Problem(
                                status: .unprocessableContent,
                                title:
                                    "line \(line.lineNo): refused quantity must be between 0 and the weighed quantity")
                        }
                        return value
                    } ?? 0
                lines[index].actualQuantity = DecimalText.format(actual)
                lines[index].actualPieces = weighed.actualPieces
                lines[index].rejectedQuantity = refused > 0 ? DecimalText.format(refused) : nil
                try lines[index].update(db)
                let planned = DecimalText.stored(line.plannedQuantity)
                let difference = actual > planned ? actual - planned : planned - actual
                if planned > 0, difference > planned * rules.weightTolerance {
                    discrepancies.append(
                        "line \(line.lineNo): weighed \(DecimalText.format(actual)) \(line.unit), planned \(line.plannedQuantity) \(line.unit)"
                    )
                }
                if weighed.actualPieces != line.pieces {
                    discrepancies.append(
                        "line \(line.lineNo): \(weighed.actualPieces) pieces counted, \(line.pieces) declared")
                }
                if refused > 0 {
                    var part = lines[index]
                    part.plannedQuantity = DecimalText.format(refused)
                    part.pieces = refused == actual ? max(1, weighed.actualPieces) : 1
                    rejected.append(part)
                }
            }
            if !rejected.isEmpty && input.rejection == nil {
                throw Problem(
                    status: .unprocessableContent, title: "a refused part needs a rejection route (return or onward)")
            }
            var linked: String? = nil
            if let route = input.rejection, !rejected.isEmpty {
                linked = try startLinked(db, from: manifest, lines: rejected, route: route, now: now)
            }
            manifest.state = .received
            manifest.version += 1
            manifest.receivedAt = now
            manifest.updatedAt = now
            try manifest.update(db)
            try snapshot(db, manifest, lines, reason: "signed by receiver at receipt", by: caller.department, now: now)
            let summary = try record(
                db, manifest, lines, action: "receive", from: .inTransit, actor: caller.department,
                signer: signer, note: input.rejection?.note, linked: linked, now: now)
            if !discrepancies.isEmpty {
                try raiseAnomaly(
                    db, manifest, lines, kind: .weightDiscrepancy,
                    detail: discrepancies.joined(separator: "; "), now: now)
            }
            return summary
        }
    }

    /// The receiver refuses the whole load; it goes back or onward on a linked manifest.
    func reject(number: String, _ input: RejectInput, caller: Caller, now: Date) async throws -> ManifestSummary {
        let signer = try Self.requireSigner(input.signer)
        let note = try Self.requireText(input.rejection.note, "a rejection needs a note saying why")
        return try await writer.write { db in
            var (manifest, lines) = try load(db, number: number, caller: caller)
            try requireParty(manifest, .receiver, caller: caller, action: "reject")
            try requireState(manifest, [.inTransit], action: "reject")
            let linked = try startLinked(db, from: manifest, lines: lines, route: input.rejection, now: now)
            manifest.state = .rejected
            manifest.version += 1
            manifest.closedAt = now
            manifest.updatedAt = now
            try manifest.update(db)
            try snapshot(db, manifest, lines, reason: "rejected by receiver", by: caller.department, now: now)
            return try record(
                db, manifest, lines, action: "reject", from: .inTransit, actor: caller.department,
                signer: signer, note: note, linked: linked, now: now)
        }
    }

    /// The receiver confirms utilisation or disposal of every line.
    func complete(number: String, _ input: CompleteInput, caller: Caller, now: Date) async throws -> ManifestSummary {
        let signer = try Self.requireSigner(input.signer)
        let methods = ["utilisation", "disposal"]
        return try await writer.write { db in
            var (manifest, lines) = try load(db, number: number, caller: caller)
            try requireParty(manifest, .receiver, caller: caller, action: "complete")
            try requireState(manifest, [.received], action: "complete")
            var perLine: [Int: CompleteInput.Line] = [:]
            for line in input.lines ?? [] { perLine[line.line] = line }
            for index in lines.indices {
                let chosen = perLine[lines[index].lineNo]
                guard let method = chosen?.method ?? input.method, methods.contains(method) else {
                    throw Problem(
                        status: .unprocessableContent,
                        title: "line \(lines[index].lineNo): method must be 'utilisation' or 'disposal'")
                }
                lines[index].method = method
                lines[index].methodCode = chosen?.methodCode
                try lines[index].update(db)
            }
            manifest.state = .completed
            manifest.version += 1
            manifest.completedAt = now
            manifest.updatedAt = now
            try manifest.update(db)
            try snapshot(db, manifest, lines, reason: "completed by receiver", by: caller.department, now: now)
            return try record(
                db, manifest, lines, action: "complete", from: .received, actor: caller.department,
                signer: signer, note: nil, indicators: Self.indicators(manifest, lines, now: now), now: now)
        }
    }

    /// A correction after signing: a new version with a reason; the old versions stay as they were.
    func correct(number: String, _ input: CorrectionInput, caller: Caller, now: Date) async throws -> ManifestSummary {
        let signer = try Self.requireSigner(input.signer)
        let reason = try Self.requireText(input.reason, "a correction needs a reason")
        return try await writer.write { db in
            var (manifest, lines) = try load(db, number: number, caller: caller)
            let party = Party(caller)
            let isParty: Bool
            if case .enterprise(let uscc) = party {
                isParty = [manifest.consignorUscc, manifest.carrierUscc, manifest.receiverUscc].contains(uscc)
            } else {
                isParty = party == .bureau
            }
            guard isParty, caller.has(.operator_) else {
                throw Problem(
                    status: .forbidden, title: "only a party of manifest \(number) or the bureau may correct it")
            }
            guard manifest.state != .draft, manifest.version > 0 else {
                throw Problem(
                    status: .conflict,
                    title: "manifest \(number) was never signed (state '\(manifest.state.rawValue)')",
                    detail: "edit a draft with PUT; corrections are for signed manifests")
            }
            guard !input.lines.isEmpty else {
                throw Problem(status: .unprocessableContent, title: "a correction changes at least one line")
            }
            for change in input.lines {
                guard let index = lines.firstIndex(where: { $0.lineNo == change.line }) else {
                    throw Problem(status: .unprocessableContent, title: "manifest \(number) has no line \(change.line)")
                }
                if let name = change.name { lines[index].name = name }
                if let form = change.form { lines[index].form = form }
                if let packaging = change.packaging { lines[index].packaging = packaging }
                if let pieces = change.pieces {
                    guard pieces > 0 else {
                        throw Problem(status: .unprocessableContent, title: "pieces must be positive")
                    }
                    lines[index].pieces = pieces
                }
                if let text = change.plannedQuantity {
                    guard let value = DecimalText.parse(text), value > 0 else {
                        throw Problem(
                            status: .unprocessableContent, title: "planned quantity must be a positive decimal")
                    }
                    lines[index].plannedQuantity = DecimalText.format(value)
                }
                if change.actualQuantity != nil || change.actualPieces != nil {
                    guard manifest.receivedAt != nil else {
                        throw Problem(status: .conflict, title: "manifest \(number) has not been weighed yet")
                    }
                    if let text = change.actualQuantity {
                        guard let value = DecimalText.parse(text), value >= 0 else {
                            throw Problem(
                                status: .unprocessableContent, title: "weighed quantity must be a non-negative decimal")
                        }
                        lines[index].actualQuantity = DecimalText.format(value)
                    }
                    if let pieces = change.actualPieces { lines[index].actualPieces = pieces }
                }
                try lines[index].update(db)
            }
            manifest.version += 1
            manifest.updatedAt = now
            try manifest.update(db)
            try snapshot(db, manifest, lines, reason: reason, by: caller.department, now: now)
            return try record(
                db, manifest, lines, action: "correct", from: manifest.state, actor: caller.department,
                signer: signer, note: reason, topicState: "corrected", now: now)
        }
    }

    // MARK: - Checks

    private func validatedLines(_ inputs: [LineInput]) throws -> [ManifestLine] {
        guard !inputs.isEmpty, inputs.count <= 100 else {
            throw Problem(status: .unprocessableContent, title: "a manifest has between 1 and 100 lines")
        }
        return try inputs.enumerated().map { offset, input in
            let entry = try requireCode(input.code)
            guard let planned = DecimalText.parse(input.plannedQuantity) else {
                throw Problem(
                    status: .unprocessableContent,
                    title: "line \(offset + 1): planned quantity '\(input.plannedQuantity)' is not a decimal number")
            }
            return ManifestLine(
                id: nil, manifestId: 0, lineNo: offset + 1, code: entry.code, category: entry.category,
                name: input.name ?? entry.description, form: input.form, packaging: input.packaging,
                pieces: input.pieces,
                plannedQuantity: DecimalText.format(planned), unit: input.unit, actualQuantity: nil, actualPieces: nil,
                rejectedQuantity: nil, method: nil, methodCode: nil)
        }
    }

    /// Quantities positive, units known and the same for every line of a code.
    private func checkLines(_ lines: [ManifestLine]) throws {
        var errors: [String: String] = [:]
        var unitOfCode: [String: String] = [:]
        for line in lines {
            if DecimalText.stored(line.plannedQuantity) <= 0 || line.pieces <= 0 {
                errors["line \(line.lineNo)"] = "planned quantity and pieces must be positive"
            }
            if MassUnit(rawValue: line.unit) == nil {
                errors["line \(line.lineNo)"] = "unit '\(line.unit)' is not a mass unit (t or kg)"
            } else if let unit = unitOfCode[line.code], unit != line.unit {
                errors["line \(line.lineNo)"] =
                    "code \(line.code) is in '\(unit)' on another line: units are inconsistent"
            }
            unitOfCode[line.code] = unitOfCode[line.code] ?? line.unit
        }
        guard errors.isEmpty else {
            let title =
                errors.values.contains { $0.contains("unit") }
                ? "inconsistent or unknown units" : "quantities must be positive"
            throw Problem(status: .unprocessableContent, title: title, errors: errors)
        }
    }

    /// Why the receiver may not take this load, or nil: licence for every code, valid today, capacity left this year.
    private func receiverRefusal(_ db: Database, _ manifest: Manifest, _ lines: [ManifestLine], now: Date) throws
        -> Problem?
    {
        let today = Self.localDay(now)
        let licences = try ReceiverLicence.filter(Column("uscc") == manifest.receiverUscc).fetchAll(db)
        let valid = licences.filter { $0.isValid(on: today) }
        for code in Set(lines.map(\.code)).sorted() {
            let covering = licences.filter { $0.codes.contains(code) }
            if covering.isEmpty {
                return Problem(
                    status: .unprocessableContent,
                    title: "receiver \(manifest.receiverUscc) is not licensed for waste code \(code)")
            }
            if !covering.contains(where: { $0.isValid(on: today) }) {
                return Problem(
                    status: .unprocessableContent,
                    title:
                        "receiver \(manifest.receiverUscc)'s licence for waste code \(code) has expired or is not yet valid",
                    detail: "licences: "
                        + covering.map { "\($0.number) \($0.validFrom)…\($0.validUntil)" }.joined(separator: ", "))
            }
        }
        let capacity = valid.reduce(Decimal(0)) { $0 + DecimalText.stored($1.annualCapacityTonnes) }
        let (start, end) = Self.localYear(now)
        let used = try ManifestLine.fetchAll(
            db,
            sql: """
                SELECT l.* FROM manifestLine l JOIN manifest m ON m.id = l.manifestId
                WHERE m.receiverUscc = ? AND m.state IN ('submitted','in_transit','received','completed')
                  AND m.submittedAt >= ? AND m.submittedAt < ? AND m.id <> ?
                """, arguments: [manifest.receiverUscc, start, end, manifest.id ?? 0])
        let usedTonnes = used.reduce(Decimal(0)) { $0 + ($1.acceptedTonnes ?? $1.plannedTonnes) }
        let load = lines.reduce(Decimal(0)) { $0 + $1.plannedTonnes }
        if usedTonnes + load > capacity {
            return Problem(
                status: .unprocessableContent,
                title: "receiver \(manifest.receiverUscc)'s annual capacity would be exceeded",
                detail:
                    "capacity \(DecimalText.format(capacity)) t, already \(DecimalText.format(usedTonnes)) t this year, this load \(DecimalText.format(load)) t"
            )
        }
        return nil
    }

    /// The carrier's licence and the vehicle's permit must be valid today, and the vehicle the carrier's.
    private func checkCarrier(_ db: Database, carrier: String, plate: String?, now: Date, stage: String) throws {
        let today = Self.localDay(now)
        let licences = try CarrierLicence.filter(Column("uscc") == carrier).fetchAll(db)
        guard licences.contains(where: { $0.isValid(on: today) }) else {
            throw Problem(
                status: .unprocessableContent,
                title: "carrier \(carrier) has no valid dangerous goods transport licence",
                detail: "checked at \(stage) for \(today)")
        }
        guard let plate else {
            throw Problem(
                status: .unprocessableContent, title: "the manifest names no vehicle", detail: "checked at \(stage)")
        }
        guard let vehicle = try Vehicle.fetchOne(db, key: plate), vehicle.carrierUscc == carrier else {
            throw Problem(
                status: .unprocessableContent, title: "vehicle \(plate) is not registered to carrier \(carrier)")
        }
        guard today <= vehicle.validUntil else {
            throw Problem(
                status: .unprocessableContent,
                title: "vehicle \(plate)'s operating permit expired on \(vehicle.validUntil)")
        }
    }

    /// Records a warning per code whose year total would exceed the consignor's declared plan.
    private func recordPlanWarnings(_ db: Database, _ manifest: Manifest, _ lines: [ManifestLine], now: Date) throws {
        let year = ChinaLocalDate(containing: now).year
        let (start, end) = Self.localYear(now)
        var thisLoad: [String: Decimal] = [:]
        for line in lines { thisLoad[line.code, default: 0] += line.plannedTonnes }
        for (code, load) in thisLoad.sorted(by: { $0.key < $1.key }) {
            let plan =
                try AnnualPlan
                .filter(
                    Column("consignorUscc") == manifest.consignorUscc && Column("year") == year
                        && Column("code") == code
                )
                .fetchOne(db)
            let earlier = try ManifestLine.fetchAll(
                db,
                sql: """
                    SELECT l.* FROM manifestLine l JOIN manifest m ON m.id = l.manifestId
                    WHERE m.consignorUscc = ? AND l.code = ? AND m.state IN ('submitted','in_transit','received','completed')
                      AND m.submittedAt >= ? AND m.submittedAt < ? AND m.id <> ?
                    """, arguments: [manifest.consignorUscc, code, start, end, manifest.id ?? 0])
            let total = earlier.reduce(load) { $0 + $1.plannedTonnes }
            let declared = plan.map { DecimalText.stored($0.quantityTonnes) } ?? 0
            guard total > declared else { continue }
            let message =
                plan == nil
                ? "code \(code) is not in the consignor's \(year) management plan"
                : "code \(code): \(DecimalText.format(total)) t this year exceeds the declared \(DecimalText.format(declared)) t"
            var warning = ManifestWarning(
                id: nil, manifestId: manifest.id ?? 0, kind: "above_annual_plan", message: message, at: now)
            try warning.insert(db)
        }
    }

    // MARK: - Helpers

    /// The manifest `number` and its lines, or 404 when it does not exist or the caller may not see it.
    func load(_ db: Database, number: String, caller: Caller) throws -> (Manifest, [ManifestLine]) {
        guard let manifest = try Manifest.filter(Column("number") == number).fetchOne(db),
            try isVisible(db, manifest, to: Party(caller))
        else {
            throw Problem(status: .notFound, title: "no manifest \(number)")
        }
        let lines = try ManifestLine.filter(Column("manifestId") == manifest.id).order(Column("lineNo")).fetchAll(db)
        return (manifest, lines)
    }

    private func requireParty(_ manifest: Manifest, _ role: EnterpriseRole, caller: Caller, action: String) throws {
        let expected: String
        switch role {
        case .consignor: expected = manifest.consignorUscc
        case .carrier: expected = manifest.carrierUscc
        case .receiver: expected = manifest.receiverUscc
        }
        guard case .enterprise(let uscc) = Party(caller), uscc == expected else {
            throw Problem(
                status: .forbidden, title: "only the \(role.rawValue) of manifest \(manifest.number) may \(action) it",
                detail: "the token of '\(caller.department)' is not the \(role.rawValue)'s")
        }
        guard caller.has(.operator_) else {
            throw Problem(
                status: .forbidden, title: "signing needs an operator token",
                detail: "the token of '\(caller.department)' has role '\(caller.role.rawValue)'")
        }
    }

    private func requireState(_ manifest: Manifest, _ allowed: [ManifestState], action: String, hint: String? = nil)
        throws
    {
        guard allowed.contains(manifest.state) else {
            throw Problem(
                status: .conflict,
                title: "cannot \(action) manifest \(manifest.number) in state '\(manifest.state.rawValue)'",
                detail: hint ?? "allowed from: " + allowed.map(\.rawValue).joined(separator: ", "))
        }
    }

    private static func requireSigner(_ signer: String) throws -> String {
        try requireText(signer, "a signature needs the signer's name")
    }

    private static func requireText(_ text: String, _ title: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 500 else { throw Problem(status: .unprocessableContent, title: title) }
        return trimmed
    }

    /// The local year containing `now`, as UTC instants [start, end).
    static func localYear(_ now: Date) -> (Date, Date) {
        let year = ChinaLocalDate(containing: now).year
        let start = ChinaLocalDate(year: year, month: 1, day: 1).map(WorkingDayCalendar.midnight) ?? now
        let end = ChinaLocalDate(year: year + 1, month: 1, day: 1).map(WorkingDayCalendar.midnight) ?? now
        return (start, end)
    }

    private func nextNumber(_ db: Database, county: String, now: Date) throws -> String {
        let prefix = String(ChinaLocalDate(containing: now).year) + String(county.prefix(4))
        let serial =
            try Int.fetchOne(
                db,
                sql: """
                    INSERT INTO manifestSerial (prefix, last) VALUES (?, 1)
                    ON CONFLICT(prefix) DO UPDATE SET last = last + 1 RETURNING last
                    """, arguments: [prefix]) ?? 0
        guard (1...999_999).contains(serial) else {
            throw Problem(status: .serviceUnavailable, title: "manifest serial numbers for \(prefix) are exhausted")
        }
        let digits = String(serial)
        return prefix + String(repeating: "0", count: 6 - digits.count) + digits
    }

    private func insertLines(_ db: Database, _ lines: [ManifestLine], manifestId: Int64) throws -> [ManifestLine] {
        try lines.map { line in
            var stored = line
            stored.manifestId = manifestId
            try stored.insert(db)
            return stored
        }
    }

    /// Starts the linked return or onward manifest (a draft of the original receiver) for refused waste.
    private func startLinked(
        _ db: Database, from manifest: Manifest, lines: [ManifestLine], route: RejectionRoute, now: Date
    ) throws -> String {
        let receiverUscc: String
        let receiverCounty: String
        switch route.kind {
        case .return:
            receiverUscc = manifest.consignorUscc
            receiverCounty = manifest.consignorCounty
        case .onward:
            guard let other = route.receiverUscc, other != manifest.receiverUscc else {
                throw Problem(status: .unprocessableContent, title: "an onward rejection names another receiver")
            }
            let receiver = try Self.requireEnterprise(db, other, role: .receiver)
            receiverUscc = receiver.uscc
            receiverCounty = receiver.county
        case .standard:
            throw Problem(status: .unprocessableContent, title: "a rejection route is 'return' or 'onward'")
        }
        var linked = Manifest(
            id: nil, number: try nextNumber(db, county: manifest.receiverCounty, now: now), kind: route.kind,
            parentNumber: manifest.number, state: .draft, version: 0, consignorUscc: manifest.receiverUscc,
            carrierUscc: manifest.carrierUscc, receiverUscc: receiverUscc, consignorCounty: manifest.receiverCounty,
            receiverCounty: receiverCounty, vehiclePlate: manifest.vehiclePlate, driver: nil, reference: nil,
            medical: lines.contains { $0.category == "HW01" }, disposalDeadline: nil, createdAt: now, submittedAt: nil,
            pickedUpAt: nil, receivedAt: nil, completedAt: nil, closedAt: nil, updatedAt: now)
        try linked.insert(db)
        let fresh = lines.map { line in
            ManifestLine(
                id: nil, manifestId: 0, lineNo: line.lineNo, code: line.code, category: line.category, name: line.name,
                form: line.form, packaging: line.packaging, pieces: line.pieces, plannedQuantity: line.plannedQuantity,
                unit: line.unit, actualQuantity: nil, actualPieces: nil, rejectedQuantity: nil, method: nil,
                methodCode: nil)
        }
        let stored = try insertLines(db, fresh, manifestId: linked.id ?? 0)
        _ = try record(
            db, linked, stored, action: "create", from: nil, actor: "enterprise." + manifest.receiverUscc,
            signer: nil, note: "\(route.kind.rawValue) of refused waste from \(manifest.number)", now: now)
        return linked.number
    }

    private func snapshot(
        _ db: Database, _ manifest: Manifest, _ lines: [ManifestLine], reason: String, by actor: String, now: Date
    ) throws {
        let data = try EventEnvelope.makeEncoder().encode(try summary(db, manifest, lines: lines))
        try ManifestVersion(
            manifestId: manifest.id ?? 0, version: manifest.version, reason: reason, createdBy: actor, createdAt: now,
            snapshot: String(decoding: data, as: UTF8.self)
        ).insert(db)
    }

    private func audit(
        _ db: Database, _ manifest: Manifest, action: String, from: ManifestState?, actor: String, signer: String?,
        note: String?, now: Date
    ) throws {
        var entry = ManifestAudit(
            id: nil, manifestId: manifest.id ?? 0, version: manifest.version, action: action, fromState: from?.rawValue,
            toState: manifest.state.rawValue, actor: actor, signer: signer, at: now, note: note)
        try entry.insert(db)
    }

    /// Audits the action and writes its `waste.manifest.<state>` event, in the caller's transaction.
    @discardableResult
    private func record(
        _ db: Database, _ manifest: Manifest, _ lines: [ManifestLine], action: String, from: ManifestState?,
        actor: String, signer: String?, note: String?, linked: String? = nil, indicators: IndicatorFigures? = nil,
        topicState: String? = nil, now: Date
    ) throws -> ManifestSummary {
        try audit(db, manifest, action: action, from: from, actor: actor, signer: signer, note: note, now: now)
        let summary = try summary(db, manifest, lines: lines)
        let event = ManifestTransitionEvent(
            action: action, fromState: from, toState: manifest.state, actor: actor, signer: signer, at: now, note: note,
            linkedNumber: linked, manifest: summary, indicators: indicators)
        let name = "waste.manifest." + (topicState ?? manifest.state.rawValue)
        try outbox.enqueue(
            db, topic: name, type: EventType(name), payload: event, time: now, correlationId: manifest.number)
        return summary
    }

    /// The figures of a completion for plan indicators #17 and #18.
    static func indicators(_ manifest: Manifest, _ lines: [ManifestLine], now: Date) -> IndicatorFigures {
        var hazardous: Decimal = 0
        var utilised: Decimal = 0
        var disposed: Decimal = 0
        var medical: Decimal = 0
        var medicalTreated: Decimal = 0
        for line in lines {
            let tonnes = line.acceptedTonnes ?? line.plannedTonnes
            if line.category == "HW01" {
                medical += tonnes
                medicalTreated += tonnes
            } else {
                hazardous += tonnes
                if line.method == "utilisation" { utilised += tonnes } else { disposed += tonnes }
            }
        }
        return IndicatorFigures(
            year: ChinaLocalDate(containing: now).year, county: manifest.consignorCounty,
            hazardousTonnes: DecimalText.format(hazardous), hazardousUtilisedTonnes: DecimalText.format(utilised),
            hazardousDisposedTonnes: DecimalText.format(disposed), medicalTonnes: DecimalText.format(medical),
            medicalTreatedTonnes: DecimalText.format(medicalTreated))
    }
}
