import Foundation

/// The ST system codes of 2017 table 5; ST stays a string on packets because devices send values outside it.
public enum HJ212SystemType: Sendable {
    /// ST used on every 9011/9012/9013/9014 reply.
    public static let systemInteraction = "91"

    /// English names of the codes the standard defines.
    public static let names: [String: String] = [
        "21": "surface water quality",
        "22": "ambient air quality",
        "23": "acoustic environment quality",
        "24": "groundwater quality",
        "25": "soil quality",
        "26": "sea water quality",
        "27": "VOC monitoring",
        "31": "atmospheric pollution source",
        "32": "surface-water pollution source",
        "33": "groundwater pollution source",
        "34": "marine pollution source",
        "35": "soil pollution source",
        "36": "noise pollution source",
        "37": "vibration source",
        "38": "radioactive source",
        "39": "construction-site dust source",
        "41": "electromagnetic source",
        "51": "flue-gas emission process monitoring",
        "52": "waste-water emission process monitoring",
        "91": "system interaction",
    ]

    /// The name of an ST code, or nil for codes outside the table (such as 80 or 101).
    public static func name(for st: String) -> String? {
        names[st]
    }
}
