"""oracles: run Programs on tinygrad backends in isolated workers, compute torch references, and judge."""
