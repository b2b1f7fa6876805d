"""The one table of backends: every backend the suite knows, how it runs and what it needs (data only).

`oracles.config` takes the names users may type from it (`--backend`), `oracles.backends` probes its rows, and the
fuzz tests parametrize over its compile-only rows; nothing else keeps a list of backends.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Mode = Literal["real", "emulated", "compile-only", "mock"]


@dataclass(frozen=True)
class Backend:
    name: str                                 # what users type; equals RunConfig(...).label() of its config
    mode: Mode
    needs: str                                # what must be installed, in words
    dev: str = ""                             # tinygrad's DEV when it differs from the name (mock targets)
    env: tuple[tuple[str, str], ...] = ()     # further tinygrad settings the backend implies
    patches: tuple[str, ...] = ()             # worker modes (oracles/render_eval.py MODES), e.g. render without comgr
    checkout: bool = False                    # needs a tinygrad checkout (its test/mockgpu), not the wheel
    cpu_device: bool = False                  # needs clang for tinygrad's CPU device
    gpu: bool = False                         # a real GPU: its driver reserves tens of GB of address space
    gate: bool = False                        # the CI gate replays here what killed mutants here (below)

    @property
    def backend(self) -> str:
        """The RunConfig backend: the name's device part for rows that carry their own DEV or settings."""
        return self.name.split(" ")[0] if not self.dev else self.dev.split("+")[-1].split(":")[0]

    def config(self, **kwargs):
        """A RunConfig that runs this backend (mock rows set DEV through env, which RunConfig lets win)."""
        from oracles.config import RunConfig
        env = tuple(self.env) + ((("DEV", self.dev),) if self.dev else ()) + tuple(kwargs.pop("env", ()))
        if self.gpu:   # an address-space limit (RLIMIT_AS) makes cuInit fail with "out of memory" (seen on H100)
            kwargs.setdefault("memory_mb", 0)
        patches = self.patches + tuple(kwargs.pop("patches", ()))
        return RunConfig(backend=self.backend, env=env, patches=patches, **kwargs)


TABLE: list[Backend] = [
    Backend("CPU", "real", "clang (CC)", cpu_device=True),
    Backend("CPU:X86", "real", "clang at start-up; tinygrad's own x86 code generator", cpu_device=True, gate=True),
    Backend("CPU:LLVM", "real", "libLLVM 15 or newer (LLVM 14 miscompiles vectors)", cpu_device=True),
    # tinygrad settings that send CPU kernels down compiler paths no default target takes (the mutation run's reach:
    # W50 left codegen/decomp's int64 split and magic-number division unreached)
    Backend("CPU EMULATED_DTYPES=long", "real", "clang; int64 split into int32 pairs (the path of targets without "
            "int64, WebGPU's)", env=(("EMULATED_DTYPES", "long"),), cpu_device=True, gate=True),
    Backend("CPU DISABLE_FAST_IDIV=0", "real", "clang; division by a constant as a multiply and shift (off by "
            "default in 0.14.0)", env=(("DISABLE_FAST_IDIV", "0"),), cpu_device=True, gate=True),
    Backend("PYTHON", "emulated", "nothing: tinygrad's UOp emulator", gate=True),
    Backend("PYTHON::sm_80", "emulated", "nothing: NV Ampere tensor-core layouts, emulated"),
    Backend("PYTHON::sm_89", "emulated", "nothing: NV Ada tensor-core layouts (fp8), emulated", gate=True),
    Backend("PYTHON::gfx1100", "emulated", "nothing: AMD RDNA3 WMMA layouts, emulated", gate=True),
    Backend("PYTHON::gfx950", "emulated", "nothing: AMD CDNA4 MFMA layouts, emulated"),
    Backend("NULL", "compile-only", "nothing"),
    Backend("NULL::gfx1100", "compile-only", "nothing: NULL renderer for an AMD target", gate=True),
    Backend("NULL:OPENCL", "compile-only", "nothing: OpenCL C rendering", gate=True),
    Backend("NULL:OPENCL IMAGE=1", "compile-only", "nothing: OpenCL with images (comma's GPU path)",
            env=(("IMAGE", "1"),), gate=True),
    Backend("NULL:CUDA:sm_90", "compile-only", "NVRTC (pip install nvidia-cuda-nvrtc; NVRTC_PATH)", gate=True),
    Backend("NULL:PTX:sm_90", "compile-only", "nvJitLink (pip install nvidia-nvjitlink; NVJITLINK_PATH)", gate=True),
    Backend("NULL:HIP:gfx1100", "compile-only", "AMD comgr from ROCm (COMGR_PATH); not on PyPI"),
    Backend("NULL:HIP:gfx1100 render-only", "compile-only", "nothing: HIP C rendering (WMMA too), not compiled",
            env=(("TINYFUZZ_RENDER_ONLY", "1"),),       # tinygrad ignores it; it marks the verdicts' label
            patches=("oracles.render_eval:hip-render-only",)),
    Backend("CUDA", "real", "an NVIDIA GPU, its driver and NVRTC", gpu=True),
    Backend("CUDA:PTX", "real", "an NVIDIA GPU, its driver and nvJitLink", gpu=True),
    Backend("NV", "real", "an NVIDIA GPU that tinygrad's own driver may open (/dev/nvidiactl, nvidia-uvm)", gpu=True),
    Backend("AMD", "real", "an AMD GPU (/dev/kfd) or PCI access", gpu=True),
    Backend("MOCKKFD+AMD", "mock", "a tinygrad checkout (test/mockgpu) for its RDNA emulator", dev="MOCKKFD+AMD",
            checkout=True),
    Backend("MOCK+NV", "mock", "a tinygrad checkout (test/mockgpu) and gpuocelot (OCELOT_PATH)", dev="MOCK+NV",
            checkout=True),
    Backend("MOCK+CUDA", "mock", "a tinygrad checkout (test/mockgpu) and gpuocelot (OCELOT_PATH)", dev="MOCK+CUDA",
            checkout=True),
]
BY_NAME = {b.name: b for b in TABLE}
# What `--backend` takes: the table's names that are one backend string (rows named "NULL:OPENCL IMAGE=1" are a
# backend plus settings, reached through their row).
TYPED = tuple(b.name for b in TABLE if " " not in b.name)
# Where the CI gate's replay also judges a kill test or seed that killed a mutant there (killsuite/killers.json's
# "name@backend" labels, Corpus.gate_backends): rows that need nothing `tox -e fuzz` does not install. The replay ran
# everything on CPU only, so a renderer broken for one target (an OpenCL renderer that cannot spell EXP2) left the
# gate green, though the mutation run had kill tests for it (2026-12-07). CPU:LLVM (libLLVM) and HIP (comgr) are not.
# Two tensor-core emulations take corpus/seed_backends.json's tensor-core seeds (NV's and AMD's layouts).
GATE = tuple(b.name for b in TABLE if b.gate)
# Targets that render and compile but run nothing: the fuzz tests' render oracles walk all of them.
COMPILE_ONLY = tuple(b.name for b in TABLE if b.mode == "compile-only" and b.name != "NULL")
