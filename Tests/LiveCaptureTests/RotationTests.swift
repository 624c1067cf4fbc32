import LiveCapture
import XCTest

final class RotationTests: XCTestCase {
    func testPathsNumberBeforeTheExtension() {
        XCTAssertEqual(Rotation.path("cap.pcapng", 0), "cap.pcapng")
        XCTAssertEqual(Rotation.path("cap.pcapng", 2), "cap.2.pcapng")
        XCTAssertEqual(Rotation.path("/tmp/cap", 1), "/tmp/cap.1")
    }

    func testDueBySizeOrAge() {
        let r = Rotation(bytes: 1000, seconds: 2)
        XCTAssertFalse(r.isDue(size: 999, openedAtNs: 0, nowNs: 1_999_999_999))
        XCTAssertTrue(r.isDue(size: 1000, openedAtNs: 0, nowNs: 0))
        XCTAssertTrue(r.isDue(size: 0, openedAtNs: 0, nowNs: 2_000_000_000))
        XCTAssertFalse(Rotation().isDue(size: .max, openedAtNs: 0, nowNs: .max))
    }
}
