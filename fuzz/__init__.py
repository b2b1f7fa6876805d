"""tinyfuzz: generate tensor programs (the Program IR) and the Hypothesis strategies that draw them."""
