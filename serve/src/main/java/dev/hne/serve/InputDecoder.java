package dev.hne.serve;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.hne.datasets.Image;
import dev.hne.datasets.SampleShape;
import dev.hne.datasets.transform.Transform;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns the body of {@code POST /v1/predict} into one preprocessed input (C*H*W floats, (C, H, W)
 * order) and the request's limits, or refuses it with a {@link BadRequest} naming the problem.
 *
 * <pre>
 *   Content-Type              body                                            limits from
 *   image/png, image/jpeg     the image (gray for 1-channel models, RGB)       query: ?deadline_ms=&budget_mmacs=&members=
 *   application/octet-stream  C*H*W float32, little-endian, preprocessed       query
 *   application/json          {"tensor": [C*H*W numbers]} or {"image": base64} the same object's fields
 * </pre>
 * Images are decoded to [0, 1] (sample / max sample value) and go through the training data's eval
 * transform; raw tensors are taken as they are (the caller has preprocessed them). Nothing is
 * decoded before its size is known to be sane: the body is capped ({@code maxBodyBytes}) and an
 * image's header is read before its pixels, so a small file claiming a huge image is refused
 * without allocating it.
 */
public final class InputDecoder {

    /** A decoded request. {@code input} is (C, H, W), preprocessed. */
    public record Decoded(float[] input, RequestLimits limits) {}

    private static final Set<String> LIMIT_FIELDS = Set.of("deadline_ms", "budget_mmacs", "members");
    /** Largest image decoded (2048 x 2048): the float copy of a bigger one could take a large part of the heap. */
    private static final long MAX_PIXELS = 1L << 22;
    private static final Random NO_RANDOMNESS = new Random(0);   // eval transforms draw nothing from it

    private final SampleShape shape;
    private final Transform preprocess;
    private final long maxBodyBytes;

    public InputDecoder(SampleShape shape, Transform preprocess, long maxBodyBytes) {
        this.shape = shape;
        this.preprocess = preprocess;
        this.maxBodyBytes = maxBodyBytes;
    }

    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    private int size() {
        return shape.channels() * shape.height() * shape.width();
    }

    /**
     * @param contentType the request's Content-Type (parameters such as charset are ignored)
     * @param query       the query parameters
     */
    public Decoded decode(String contentType, byte[] body, Map<String, List<String>> query) {
        if (body.length > maxBodyBytes) {
            throw new BadRequest("body is " + body.length + " bytes, the limit is " + maxBodyBytes);
        }
        if (body.length == 0) {
            throw new BadRequest("empty body: send an image, a raw float32 tensor or JSON (see GET /v1/model)");
        }
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
        switch (type) {
            case "application/json":
                if (!query.isEmpty()) {
                    throw new BadRequest("a JSON request carries its fields in the body, not in the query string");
                }
                return json(body);
            case "application/octet-stream":
                return new Decoded(rawTensor(body), queryLimits(query));
            case "image/png", "image/jpeg":
                return new Decoded(image(body), queryLimits(query));
            default:
                throw new BadRequest("Content-Type '" + contentType + "' is not one of image/png, image/jpeg,"
                        + " application/octet-stream, application/json");
        }
    }

    // ---------------------------------------------------------------- the three body formats

    private float[] rawTensor(byte[] body) {
        int expected = 4 * size();
        if (body.length != expected) {
            throw new BadRequest("raw tensor is " + body.length + " bytes; the model takes " + shape.channels() + "x"
                    + shape.height() + "x" + shape.width() + " float32 = " + expected + " bytes");
        }
        float[] x = new float[size()];
        ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(x);
        return checkFinite(x, "raw tensor");
    }

    private Decoded json(byte[] body) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(new String(body, java.nio.charset.StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new BadRequest("JSON body must be an object like {\"tensor\": [...], \"deadline_ms\": 50}");
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new BadRequest("bad JSON: " + e.getMessage());
        }
        for (String key : o.keySet()) {
            if (!LIMIT_FIELDS.contains(key) && !key.equals("tensor") && !key.equals("image")) {
                throw new BadRequest("unknown field '" + key + "'; known: tensor, image, deadline_ms, budget_mmacs, members");
            }
        }
        if (o.has("tensor") == o.has("image")) {
            throw new BadRequest("give exactly one of \"tensor\" (C*H*W numbers) and \"image\" (base64 PNG or JPEG)");
        }
        float[] x;
        if (o.has("tensor")) {
            if (!o.get("tensor").isJsonArray()) {
                throw new BadRequest("\"tensor\" must be an array of " + size() + " numbers");
            }
            var a = o.getAsJsonArray("tensor");
            if (a.size() != size()) {
                throw new BadRequest("\"tensor\" has " + a.size() + " numbers; the model takes " + shape.channels() + "x"
                        + shape.height() + "x" + shape.width() + " = " + size());
            }
            x = new float[size()];
            for (int i = 0; i < x.length; i++) x[i] = (float) number(a.get(i), "tensor[" + i + "]");
            checkFinite(x, "tensor");
        } else {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(string(o.get("image"), "image"));
            } catch (IllegalArgumentException e) {
                throw new BadRequest("\"image\" is not base64: " + e.getMessage());
            }
            x = image(bytes);
        }
        return new Decoded(x, new RequestLimits(
                o.has("deadline_ms") ? number(o.get("deadline_ms"), "deadline_ms") : null,
                o.has("budget_mmacs") ? number(o.get("budget_mmacs"), "budget_mmacs") : null,
                o.has("members") ? integer(number(o.get("members"), "members"), "members") : null));
    }

    private float[] image(byte[] bytes) {
        BufferedImage img = readImage(bytes);
        if (img.getColorModel() instanceof IndexColorModel) {
            throw new BadRequest("palette (indexed-colour) images are not supported; send 8-bit gray or RGB");
        }
        int channels = img.getColorModel().getNumColorComponents();   // alpha, if any, is ignored
        if (channels != shape.channels()) {
            throw new BadRequest("image has " + channels + " colour channel" + (channels == 1 ? "" : "s") + "; the model takes "
                    + shape.channels() + " (" + (shape.channels() == 1 ? "grayscale" : "RGB") + ")");
        }
        int h = img.getHeight(), w = img.getWidth();
        Raster raster = img.getRaster();
        float[] data = new float[channels * h * w];
        for (int c = 0; c < channels; c++) {
            float max = (1 << raster.getSampleModel().getSampleSize(c)) - 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) data[(c * h + y) * w + x] = raster.getSample(x, y, c) / max;
            }
        }
        Image out = preprocess.apply(new Image(data, channels, h, w), NO_RANDOMNESS);
        if (out.channels() != shape.channels() || out.height() != shape.height() || out.width() != shape.width()) {
            throw new BadRequest("image is " + w + "x" + h + " pixels; the model takes " + shape.width() + "x" + shape.height());
        }
        return out.data();
    }

    /** Decodes a PNG or JPEG after checking, from its header, that its pixel count is sane. */
    private BufferedImage readImage(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new BadRequest("body is not an image this server can decode (PNG or JPEG)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new BadRequest("image is " + reader.getWidth(0) + "x" + reader.getHeight(0)
                            + " pixels; the model takes " + shape.width() + "x" + shape.height());
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadRequest b) throw b;
            throw new BadRequest("image could not be decoded: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
    }

    // ---------------------------------------------------------------- fields

    private static RequestLimits queryLimits(Map<String, List<String>> query) {
        for (var e : query.entrySet()) {
            if (!LIMIT_FIELDS.contains(e.getKey())) {
                throw new BadRequest("unknown query parameter '" + e.getKey() + "'; known: deadline_ms, budget_mmacs, members");
            }
            if (e.getValue().size() != 1) {
                throw new BadRequest("query parameter '" + e.getKey() + "' given " + e.getValue().size() + " times");
            }
        }
        return new RequestLimits(queryNumber(query, "deadline_ms"), queryNumber(query, "budget_mmacs"),
                query.containsKey("members") ? integer(queryNumber(query, "members"), "members") : null);
    }

    private static Double queryNumber(Map<String, List<String>> query, String name) {
        List<String> v = query.get(name);
        if (v == null) return null;
        try {
            return Double.parseDouble(v.get(0));
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " must be a number, got '" + v.get(0) + "'");
        }
    }

    private static double number(JsonElement e, String name) {
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new BadRequest(name + " must be a number, got " + e);
        }
        return e.getAsDouble();
    }

    private static String string(JsonElement e, String name) {
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new BadRequest(name + " must be a string");
        }
        return e.getAsString();
    }

    private static int integer(double v, String name) {
        if (v != Math.rint(v) || Math.abs(v) > 1e6) {
            throw new BadRequest(name + " must be a whole number, got " + v);
        }
        return (int) v;
    }

    private static float[] checkFinite(float[] x, String what) {
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                throw new BadRequest(what + " value " + i + " is " + x[i] + "; every value must be finite");
            }
        }
        return x;
    }
}
