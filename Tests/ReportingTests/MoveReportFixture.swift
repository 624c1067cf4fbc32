import TeamAnalysis

enum MoveReportFixture {
    static func move(at time: Int64, _ from: String, _ to: String) -> MoveReport {
        MoveReport(time: time, host: "A", direction: .forward, from: from, to: to, idleBeforeNs: 0)
    }
}
