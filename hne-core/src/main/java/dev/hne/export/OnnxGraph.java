package dev.hne.export;

import java.util.ArrayList;
import java.util.List;

/**
 * An ONNX model being assembled: nodes in topological order, float and int64 initializers (the
 * weights and constant shapes), one float input and one float output; {@link #encode} writes the
 * ModelProto bytes. Values are named by the caller; {@link #fresh} hands out unique names for
 * intermediates.
 */
final class OnnxGraph {

    private final String name;
    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();
    private int counter;

    OnnxGraph(String name) {
        this.name = name;
    }

    /** A new value name with this stem. */
    String fresh(String stem) {
        return stem + "_" + counter++;
    }

    /** A float input; a negative dimension is symbolic, named {@code symbol} (a dynamic batch). */
    void input(String value, String symbol, long... dims) {
        inputs.add(valueInfo(value, symbol, dims));
    }

    void output(String value, String symbol, long... dims) {
        outputs.add(valueInfo(value, symbol, dims));
    }

    /** A float constant of the given shape (row-major data); returns its name. */
    String constant(String value, float[] data, long... dims) {
        initializers.add(tensor(value, OnnxSchema.Tensor.FLOAT, ProtoWriter.littleEndian(data), dims));
        return value;
    }

    /** A 1-D int64 constant (Gather indices, Reshape shapes); returns its name. */
    String int64s(String value, long... data) {
        initializers.add(tensor(value, OnnxSchema.Tensor.INT64, ProtoWriter.littleEndian(data), data.length));
        return value;
    }

    /** Adds a node {@code op(inputs) -> output}; returns the output's name. */
    String node(String op, String output, List<String> inputNames, Attr... attributes) {
        ProtoWriter n = new ProtoWriter();
        for (String in : inputNames) n.string(OnnxSchema.Node.INPUT, in);
        n.string(OnnxSchema.Node.OUTPUT, output);
        n.string(OnnxSchema.Node.NAME, output);
        n.string(OnnxSchema.Node.OP_TYPE, op);
        for (Attr a : attributes) n.message(OnnxSchema.Node.ATTRIBUTE, a.encode());
        nodes.add(n.toByteArray());
        return output;
    }

    /** The whole model: IR version, opset import (the default domain), producer, graph. */
    byte[] encode(String producer, String docString) {
        ProtoWriter graph = new ProtoWriter();
        for (byte[] n : nodes) graph.bytes(OnnxSchema.Graph.NODE, n);
        graph.string(OnnxSchema.Graph.NAME, name);
        for (byte[] t : initializers) graph.bytes(OnnxSchema.Graph.INITIALIZER, t);
        for (byte[] v : inputs) graph.bytes(OnnxSchema.Graph.INPUT, v);
        for (byte[] v : outputs) graph.bytes(OnnxSchema.Graph.OUTPUT, v);
        ProtoWriter opset = new ProtoWriter().string(OnnxSchema.OperatorSetId.DOMAIN, "")
                .varint(OnnxSchema.OperatorSetId.VERSION, OnnxSchema.OPSET);
        return new ProtoWriter()
                .varint(OnnxSchema.Model.IR_VERSION, OnnxSchema.IR_VERSION)
                .string(OnnxSchema.Model.PRODUCER_NAME, producer)
                .string(OnnxSchema.Model.PRODUCER_VERSION, "0.1.0")
                .string(OnnxSchema.Model.DOC_STRING, docString)
                .message(OnnxSchema.Model.GRAPH, graph)
                .message(OnnxSchema.Model.OPSET_IMPORT, opset)
                .toByteArray();
    }

    int nodeCount() {
        return nodes.size();
    }

    private static byte[] tensor(String value, int dataType, byte[] raw, long... dims) {
        ProtoWriter t = new ProtoWriter();
        for (long d : dims) t.varint(OnnxSchema.Tensor.DIMS, d);
        return t.varint(OnnxSchema.Tensor.DATA_TYPE, dataType)
                .string(OnnxSchema.Tensor.NAME, value)
                .bytes(OnnxSchema.Tensor.RAW_DATA, raw)
                .toByteArray();
    }

    private static byte[] valueInfo(String value, String symbol, long... dims) {
        ProtoWriter shape = new ProtoWriter();
        for (long d : dims) {
            ProtoWriter dim = d < 0 ? new ProtoWriter().string(OnnxSchema.Shape.DIM_PARAM, symbol)
                    : new ProtoWriter().varint(OnnxSchema.Shape.DIM_VALUE, d);
            shape.message(OnnxSchema.Shape.DIM, dim);
        }
        ProtoWriter tensorType = new ProtoWriter().varint(OnnxSchema.Type.ELEM_TYPE, OnnxSchema.Tensor.FLOAT)
                .message(OnnxSchema.Type.SHAPE, shape);
        return new ProtoWriter().string(OnnxSchema.ValueInfo.NAME, value)
                .message(OnnxSchema.ValueInfo.TYPE, new ProtoWriter().message(OnnxSchema.Type.TENSOR_TYPE, tensorType))
                .toByteArray();
    }

    /** A node attribute: one int (ints == null) or a list of ints. */
    record Attr(String name, long i, long[] ints) {

        static Attr of(String name, long value) {
            return new Attr(name, value, null);
        }

        static Attr ints(String name, long... values) {
            return new Attr(name, 0, values.clone());
        }

        ProtoWriter encode() {
            ProtoWriter a = new ProtoWriter().string(OnnxSchema.Attribute.NAME, name);
            if (ints == null) {
                return a.varint(OnnxSchema.Attribute.I, i).varint(OnnxSchema.Attribute.TYPE, OnnxSchema.Attribute.TYPE_INT);
            }
            // proto2 repeated scalars: one key per element (unpacked), which every parser reads
            for (long v : ints) a.varint(OnnxSchema.Attribute.INTS, v);
            return a.varint(OnnxSchema.Attribute.TYPE, OnnxSchema.Attribute.TYPE_INTS);
        }
    }
}
