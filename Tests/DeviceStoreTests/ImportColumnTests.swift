@testable import DeviceStore
import Testing

@Suite("Import columns")
struct ImportColumnTests {
    @Test("ordinals are the positions in allCases (the header's array lookup relies on it)")
    func ordinalsMatchAllCases() {
        #expect(ImportColumn.allCases.map(\.ordinal) == Array(ImportColumn.allCases.indices))
    }

    @Test("headers match case-insensitively, trimmed, with the old alias")
    func headerMatching() {
        #expect(ImportColumn(header: "  LwM2M PSK_ID ") == .lwm2mPSKID)
        #expect(ImportColumn(header: "Security Instance ID") == .securityInstanceOffset)
        #expect(ImportColumn(header: "External-C8Y_BootstrapPskId") == .externalBootstrapPSKID)
        #expect(ImportColumn(header: "colour") == nil)
    }
}
