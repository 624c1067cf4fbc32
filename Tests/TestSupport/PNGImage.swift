import CZlib
import Foundation

/// A PNG decoded to its pixels (ISO/IEC 15948 / W3C PNG: 8-bit greyscale, RGB or RGBA,
/// non-interlaced, every filter type), enough to tell a rendered page from a blank one.
public struct PNGImage {
    public let width: Int
    public let height: Int
    /// Bytes per pixel (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA).
    public let channels: Int
    public let pixels: [UInt8]

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public init(path: String) throws {
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        guard data.count > 8, data[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw Failure(description: "\(path): not a PNG") }
        var i = 8
        var width = 0, height = 0, channels = 0
        var idat: [UInt8] = []
        func be32(_ at: Int) -> Int { Int(data[at]) << 24 | Int(data[at + 1]) << 16 | Int(data[at + 2]) << 8 | Int(data[at + 3]) }
        while i + 8 <= data.count {
            let length = be32(i)
            let type = String(decoding: data[(i + 4)..<(i + 8)], as: UTF8.self)
            guard i + 12 + length <= data.count else { throw Failure(description: "\(path): chunk \(type) runs past the end") }
            let body = Array(data[(i + 8)..<(i + 8 + length)])
            switch type {
            case "IHDR":
                width = Int(body[0]) << 24 | Int(body[1]) << 16 | Int(body[2]) << 8 | Int(body[3])
                height = Int(body[4]) << 24 | Int(body[5]) << 16 | Int(body[6]) << 8 | Int(body[7])
                guard body[8] == 8, body[12] == 0 else { throw Failure(description: "\(path): only 8-bit non-interlaced PNGs") }
                switch body[9] {
                case 0: channels = 1
                case 2: channels = 3
                case 4: channels = 2
                case 6: channels = 4
                default: throw Failure(description: "\(path): colour type \(body[9]) not supported")
                }
            case "IDAT": idat += body
            default: break
            }
            i += 12 + length
        }
        let stride = width * channels
        var raw = [UInt8](repeating: 0, count: height * (stride + 1))
        var rawLength = uLongf(raw.count)
        let status = raw.withUnsafeMutableBufferPointer { out in
            idat.withUnsafeBufferPointer { src in uncompress(out.baseAddress, &rawLength, src.baseAddress, uLong(src.count)) }
        }
        guard status == Z_OK, Int(rawLength) == raw.count else { throw Failure(description: "\(path): image data does not inflate (zlib \(status))") }
        var pixels = [UInt8](repeating: 0, count: height * stride)
        for y in 0..<height {
            let filter = raw[y * (stride + 1)]
            let row = y * (stride + 1) + 1
            for x in 0..<stride {
                let a = x >= channels ? Int(pixels[y * stride + x - channels]) : 0
                let b = y > 0 ? Int(pixels[(y - 1) * stride + x]) : 0
                let c = x >= channels && y > 0 ? Int(pixels[(y - 1) * stride + x - channels]) : 0
                let v = Int(raw[row + x])
                let predicted: Int
                switch filter {
                case 0: predicted = 0
                case 1: predicted = a
                case 2: predicted = b
                case 3: predicted = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predicted = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: throw Failure(description: "\(path): row \(y) has filter type \(filter)")
                }
                pixels[y * stride + x] = UInt8((v + predicted) & 0xFF)
            }
        }
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// The pixel at (x, y) as RGB.
    public func rgb(_ x: Int, _ y: Int) -> (UInt8, UInt8, UInt8) {
        let o = (y * width + x) * channels
        return channels >= 3 ? (pixels[o], pixels[o + 1], pixels[o + 2]) : (pixels[o], pixels[o], pixels[o])
    }

    /// The share of pixels unlike the top-left one (the page's background), and the number of
    /// distinct colours among them (up to 4,096 counted).
    public var ink: (share: Double, colours: Int) {
        let bg = rgb(0, 0)
        var differing = 0
        var colours = Set<UInt32>()
        for y in 0..<height {
            for x in 0..<width {
                let p = rgb(x, y)
                if p != bg {
                    differing += 1
                    if colours.count < 4096 { colours.insert(UInt32(p.0) << 16 | UInt32(p.1) << 8 | UInt32(p.2)) }
                }
            }
        }
        return (Double(differing) / Double(max(1, width * height)), colours.count)
    }
}
