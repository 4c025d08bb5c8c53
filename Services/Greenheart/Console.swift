import Foundation

/// Standard output for lines that must show at once, also when it is a file or a pipe (where `print`
/// buffers): progress of the demo, the sink's and the live simulator's reports.
enum Console {
    /// Writes `text` and a newline in one unbuffered write.
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
