/// The local SQLite store: tenants, devices, external IDs, credentials, bootstrap parameters,
/// alarms, events and operations, plus the bulk-registration CSV importer.
public enum DeviceStoreModule {}
