/// The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a
/// 31-character alphabet, the last a check character.
enum USCC {
    private static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    private static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// The check character for the first 17 characters, or nil when they are not in the alphabet.
    static func checkCharacter(for body: String) -> Character? {
        let characters = Array(body.uppercased())
        guard characters.count == 17 else { return nil }
        var sum = 0
        for (index, character) in characters.enumerated() {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            sum += value * weights[index]
        }
        let check = (31 - sum % 31) % 31
        return alphabet[check]
    }

    /// Whether `code` is a well-formed code with a correct check character.
    static func isValid(_ code: String) -> Bool {
        guard code.count == 18, let last = code.last, let expected = checkCharacter(for: String(code.prefix(17))) else {
            return false
        }
        return last == expected
    }

    /// A valid code made from 17 characters by appending the check character (for demo data and tests).
    static func completing(_ body: String) -> String? {
        checkCharacter(for: body).map { body.uppercased() + String($0) }
    }
}
