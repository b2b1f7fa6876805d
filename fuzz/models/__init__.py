"""Whole-model subjects (descriptions only: no tinygrad or torch here; oracles/model_eval.py runs them)."""
