package dev.tfjrunner.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuInfoTest {

  @Test
  void readsTheFirstProcessorOfAnX86Cpuinfo() {
    CpuInfo cpu = CpuInfo.parse(List.of(
        "processor\t: 0", "vendor_id\t: AuthenticAMD", "cpu family\t: 26", "model\t\t: 2", "model name\t: AMD EPYC",
        "stepping\t: 1", "flags\t\t: fpu sse2 avx2 avx512f avx512_bf16", "", "processor\t: 1", "model name\t: other"));
    assertEquals(new CpuInfo("AMD EPYC", "AuthenticAMD", 26, 2, 1, List.of("fpu", "sse2", "avx2", "avx512f", "avx512_bf16")),
        cpu);
    assertEquals("AMD EPYC (AVX-512)", cpu.label());
  }

  @Test
  void armHasFeaturesButNoFamilyOrModelName() {
    CpuInfo cpu = CpuInfo.parse(List.of("processor\t: 0", "BogoMIPS\t: 50.00", "Features\t: fp asimd sve",
        "CPU implementer\t: 0x41"));
    assertEquals(System.getProperty("os.arch"), cpu.modelName());
    assertNull(cpu.family());
    assertEquals(List.of("fp", "asimd", "sve"), cpu.flags());
    assertEquals(cpu.modelName(), cpu.label());
  }

  @Test
  void noCpuinfoGivesTheArchitectureAlone() {
    CpuInfo cpu = CpuInfo.parse(List.of());
    assertEquals(new CpuInfo(System.getProperty("os.arch"), null, null, null, null, List.of()), cpu);
  }
}
