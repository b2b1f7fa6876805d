"""Planted bugs on the paths of the campaign's judging modes (fuzz/modes.py): each breaks only what one mode
exercises, so only that mode can find it (tests/test_campaign_modes.py). Applied by name in a worker, like
tests/plants.py."""
from __future__ import annotations

from tests.plants import Plant, make_apply


def _gradient_scaled(f):
    def planted(self, *targets, **kwargs):
        return [g * 1.01 if g.dtype.itemsize >= 2 and "float" in str(g.dtype) else g for g in f(self, *targets, **kwargs)]
    return planted


def _jit_replay_skips(f):
    def planted(self, input_uops, var_vals):
        self._tinyfuzz_calls = getattr(self, "_tinyfuzz_calls", 0) + 1
        if self._tinyfuzz_calls == 1:          # the capture call runs its kernels
            return f(self, input_uops, var_vals)
        return self.ret                        # replays run nothing: outputs stay the capture call's
    return planted


def _winograd_scaled(f):
    def planted(self, *args, **kwargs):
        return f(self, *args, **kwargs) * 1.01       # a wrong transform constant: every output 1% off
    return planted


PLANTS: dict[str, Plant] = {
    "grad-scaled": Plant("tinygrad.Tensor.gradient", _gradient_scaled),             # only gradients are off
    "jit-replay-skips": Plant("tinygrad.engine.jit.CapturedJit.__call__", _jit_replay_skips),   # only JIT replays
    "winograd-scaled": Plant("tinygrad.Tensor._conv2d_winograd", _winograd_scaled),   # only WINO=1 convs
}

apply_plant = make_apply(PLANTS)
