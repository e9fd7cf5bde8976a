/// Simulated LwM2M clients over real UDP/DTLS sockets, for tests, demo mode and benchmarks.
public enum DeviceSimulatorModule {}
