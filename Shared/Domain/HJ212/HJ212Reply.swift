import Foundation

/// Builds the interaction replies (ST=91) in the form the original packet's dialect expects.
///
/// 2017 and later: the original QN, PW and MN are echoed in the header with Flag = version bits, A=0, D=0
/// (Flag=4 for 2017). 2005: no QN in the header; the original QN goes first in CP, and the data answer is
/// the minimal `ST=91;CN=9014;CP=&&QN=…;CN=…&&` form.
public enum HJ212Reply: Sendable {
    /// CN 9011: the answer to a platform request, with `QnRtn`.
    public static func requestAnswer(to request: HJ212Message, result: HJ212RequestResult) throws(HJ212Refusal)
        -> HJ212Message
    {
        try reply(
            to: request, command: HJ212CommandCode.requestAnswer,
            fields: [HJ212CPField(name: "QnRtn", value: String(result.rawValue))])
    }

    /// CN 9012: the result of executing a platform request, with `ExeRtn`.
    public static func executionResult(to request: HJ212Message, result: HJ212ExecutionResult) throws(HJ212Refusal)
        -> HJ212Message
    {
        try reply(
            to: request, command: HJ212CommandCode.executionResult,
            fields: [HJ212CPField(name: "ExeRtn", value: String(result.rawValue))])
    }

    /// CN 9013: the answer to a notice (for example 2012/2022 stop commands or a 1013 time-calibration request).
    public static func noticeAnswer(to notice: HJ212Message) throws(HJ212Refusal) -> HJ212Message {
        try reply(to: notice, command: HJ212CommandCode.noticeAnswer, fields: [])
    }

    /// CN 9014: the data answer an upload with Flag A=1 must get, echoing that packet's QN (each split part on its own).
    public static func dataAnswer(to upload: HJ212Message) throws(HJ212Refusal) -> HJ212Message {
        guard upload.version == .hj2005 else {
            return try reply(to: upload, command: HJ212CommandCode.dataAnswer, fields: [])
        }
        var fields: [HJ212CPField] = []
        if let qn = upload.qn { fields.append(HJ212CPField(name: "QN", value: qn)) }
        fields.append(HJ212CPField(name: "CN", value: upload.cn))
        if let position = upload.splitPosition {
            fields.append(HJ212CPField(name: "PNO", value: String(position.number)))
            fields.append(HJ212CPField(name: "PNUM", value: String(position.count)))
        }
        let area = try HJ212DataArea(fields: fields)
        return try HJ212Message(
            qn: nil, st: HJ212SystemType.systemInteraction, cn: String(HJ212CommandCode.dataAnswer), pw: nil, mn: nil,
            flag: nil, dataArea: area, validation: upload.leniencies)
    }

    /// The wire bytes of the data answer for `upload`, or nil when its Flag does not ask for one.
    public static func dataAnswerBytesIfRequested(for upload: HJ212Message) throws(HJ212Refusal) -> [UInt8]? {
        guard upload.acknowledgementRequested else { return nil }
        return try dataAnswer(to: upload).wireBytes()
    }

    private static func reply(to original: HJ212Message, command: Int, fields: [HJ212CPField]) throws(HJ212Refusal)
        -> HJ212Message
    {
        if original.version == .hj2005 {
            let echoed = original.qn.map { [HJ212CPField(name: "QN", value: $0)] } ?? []
            let area = try HJ212DataArea(fields: echoed + fields)
            return try HJ212Message(
                qn: nil, st: HJ212SystemType.systemInteraction, cn: String(command), pw: original.pw, mn: original.mn,
                flag: HJ212Flag(rawValue: 0), dataArea: area, validation: original.leniencies)
        }
        let flag = HJ212Flag(version: original.version, acknowledgementRequested: false, split: false)
        let area = try HJ212DataArea(fields: fields)
        return try HJ212Message(
            qn: original.qn, st: HJ212SystemType.systemInteraction, cn: String(command), pw: original.pw,
            mn: original.mn, flag: flag, dataArea: area, validation: original.leniencies)
    }
}
