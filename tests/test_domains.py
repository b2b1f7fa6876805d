"""Ops defined only on a domain (a float -> int cast in range, binary cross entropy on [0, 1], an index inside its
axis) keep their first operand inside it: the generator gives them a fresh input of that domain and the minimizer
refuses candidates that leave it. Four pristine-campaign buckets were a minimizer's literal -2.0 cast to uint."""
from __future__ import annotations

from hypothesis import given, settings

from fuzz.minimize import is_valid
from fuzz.ops import OPS
from fuzz.program import Input, Node, Program, Values
from fuzz.strategies import programs
from fuzz.values import hard_domain, keeps_domain


def cast_to_uint(values: Values, first_is_input: bool = True) -> Program:
    x = Input((3,), "float32", values)
    if first_is_input:
        return Program((x,), (Node("cast_float_uint", (0,), {"dtype": "uint16"}),), outputs=(1,))
    return Program((x,), (Node("neg", (0,)), Node("cast_float_uint", (1,), {"dtype": "uint16"})), outputs=(2,))


def test_a_literal_outside_the_domain_is_not_a_candidate():
    assert not is_valid(cast_to_uint(Values(data=(-0.0, -2.0, 1.0))))          # the campaign buckets' shape
    assert is_valid(cast_to_uint(Values(data=(0.0, 2.0, 1.0))))                # control: inside the domain


def test_a_computed_or_other_domain_operand_is_not_a_candidate():
    assert not is_valid(cast_to_uint(Values(seed=1, domain="nonneg"), first_is_input=False))   # neg(x) may be < 0
    assert not is_valid(cast_to_uint(Values(seed=1, domain="normal")))        # a normal draw has negatives
    assert is_valid(cast_to_uint(Values(seed=1, domain="nonneg", edges=True)))  # its edge policy stays inside


def test_index_domains_are_hard_too():
    check = hard_domain("index:5")
    assert check is not None and check([0, 4]) and not check([5]) and not check([-1]) and not check([1.5])
    assert hard_domain("normal") is None and hard_domain("finite") is None      # soft domains: accuracy, not definition
    assert keeps_domain(Input((2,), "int32", Values(data=(0, 4))), "index:5")


@settings(max_examples=60, deadline=None, derandomize=True)
@given(programs(ops=["cast_float_uint", "cast_float_int", "neg", "abs", "add", "binary_crossentropy"], max_ops=4))
def test_the_generator_gives_domain_ops_a_fresh_input_of_their_domain(program):
    for node in program.nodes:
        domain = OPS[node.op].domain
        if hard_domain(domain) is not None:
            first = node.args[0]
            assert first < len(program.inputs) and program.inputs[first].values.domain == domain, program
