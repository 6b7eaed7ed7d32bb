package dev.hne.export;

/**
 * The field numbers and enum values of the ONNX messages the export writes, as onnx/onnx.proto
 * (ONNX 1.x, stable since IR version 3) numbers them. Only what {@link OnnxGraph} uses is here;
 * the schema file itself is not in this repository.
 */
final class OnnxSchema {

    private OnnxSchema() {}

    /** ir_version 8 is the IR of ONNX 1.12/1.13, which introduced opset 17. */
    static final long IR_VERSION = 8;
    static final long OPSET = 17;

    static final class Model {
        static final int IR_VERSION = 1, PRODUCER_NAME = 2, PRODUCER_VERSION = 3, DOC_STRING = 6, GRAPH = 7,
                OPSET_IMPORT = 8;
    }

    static final class OperatorSetId {
        static final int DOMAIN = 1, VERSION = 2;
    }

    static final class Graph {
        static final int NODE = 1, NAME = 2, INITIALIZER = 5, INPUT = 11, OUTPUT = 12;
    }

    static final class Node {
        static final int INPUT = 1, OUTPUT = 2, NAME = 3, OP_TYPE = 4, ATTRIBUTE = 5;
    }

    static final class Attribute {
        static final int NAME = 1, I = 3, INTS = 8, TYPE = 20;
        /** AttributeProto.AttributeType */
        static final int TYPE_INT = 2, TYPE_INTS = 7;
    }

    static final class Tensor {
        static final int DIMS = 1, DATA_TYPE = 2, NAME = 8, RAW_DATA = 9;
        /** TensorProto.DataType */
        static final int FLOAT = 1, INT64 = 7;
    }

    static final class ValueInfo {
        static final int NAME = 1, TYPE = 2;
    }

    static final class Type {
        /** TypeProto.tensor_type, then TypeProto.Tensor's fields */
        static final int TENSOR_TYPE = 1, ELEM_TYPE = 1, SHAPE = 2;
    }

    static final class Shape {
        /** TensorShapeProto.dim, then Dimension's fields */
        static final int DIM = 1, DIM_VALUE = 1, DIM_PARAM = 2;
    }
}
