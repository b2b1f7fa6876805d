"""Build an ONNX graph of a model description with the `onnx` package (imported when a graph is built)."""
from __future__ import annotations

import numpy as np

OPSET = 20          # Gelu arrived in opset 20


class Graph:
    """What a model's forward writes into: initializers, nodes, shapes of named values."""

    def __init__(self):
        import onnx
        self.onnx = onnx
        self.nodes, self.initializers, self.shapes, self.count = [], [], {}, 0

    def _name(self, op: str) -> str:
        self.count += 1
        return f"{op.lower()}_{self.count}"

    def const(self, arr: np.ndarray, name: str | None = None) -> str:
        name = name or self._name("const")
        self.initializers.append(self.onnx.numpy_helper.from_array(np.asarray(arr), name))
        self.shapes[name] = tuple(np.asarray(arr).shape)
        return name

    def shape(self, name: str) -> tuple:
        return self.shapes[name]

    def node(self, op: str, inputs: list, **attrs) -> str:
        out = self._name(op)
        self.nodes.append(self.onnx.helper.make_node(op, list(inputs), [out], **attrs))
        return out


def build(model, seed: int | None = None) -> bytes:
    """The serialized ModelProto of `model` (a module like fuzz.models.openpilot_like), checked by onnx.checker."""
    g = Graph()
    W = {name: g.const(arr, name) for name, arr in (model.weights() if seed is None else model.weights(seed)).items()}
    x = {name: name for name in model.INPUTS}
    outs = model.forward(lambda prim, *args, **attrs: model.PRIMS[prim].onnx(g, *args, **attrs), W, x)
    h, T = g.onnx.helper, g.onnx.TensorProto
    renamed = []
    for name, shape in model.OUTPUTS.items():        # give outputs their model names
        g.nodes.append(h.make_node("Identity", [outs[name]], [name]))
        renamed.append(h.make_tensor_value_info(name, T.FLOAT, list(shape)))
    graph = h.make_graph(g.nodes, model.NAME, [h.make_tensor_value_info(n, T.FLOAT, list(s)) for n, s in model.INPUTS.items()],
                         renamed, initializer=g.initializers)
    proto = h.make_model(graph, opset_imports=[h.make_opsetid("", OPSET)], producer_name="tinyfuzz")
    g.onnx.checker.check_model(proto)
    return proto.SerializeToString()


def reference_run(model_bytes: bytes, feeds: dict) -> dict:
    """onnx.reference's answer (numpy only, no tinygrad or torch)."""
    import onnx
    from onnx.reference import ReferenceEvaluator
    proto = onnx.load_from_string(model_bytes)
    outs = ReferenceEvaluator(proto).run(None, feeds)
    return dict(zip([o.name for o in proto.graph.output], outs))
