/*
 * Shape: the coverage mask (0..1 per pixel, (32, 32)) of each synthetic class, from a signed
 * distance d (negative inside): coverage = clamp(0.5 - d, 0, 1), a one-pixel antialiased edge.
 * Textures (stripes, checkerboard) are a pattern times a rounded-square patch.
 *
 * Only SyntheticImages uses it; the class list and ranges are documented there.
 */
package dev.hne.datasets.synthetic;

import java.util.SplittableRandom;

final class Shape {

    private static final int N = SyntheticImages.SIZE;

    private Shape() {
    }

    static void draw(int label, SplittableRandom r, float[] mask) {
        double cx = 9 + 14 * r.nextDouble();
        double cy = 9 + 14 * r.nextDouble();
        double size = 5 + 5.5 * r.nextDouble(); // radius-like scale in pixels
        double jitter = StrictMath.toRadians(30 * r.nextDouble() - 15);
        double any = r.nextDouble() * 2 * Math.PI;
        double period = 3.5 + 2.5 * r.nextDouble(); // stripe period in pixels
        double phase = r.nextDouble() * period;
        double ratio = 0.35 + 0.25 * r.nextDouble();
        boolean mirror = r.nextBoolean();
        Rot small = Rot.of(jitter);
        Rot free = Rot.of(any);
        Rot diagonal = Rot.of((mirror ? 1 : -1) * Math.PI / 4 + jitter);
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                double px = x + 0.5 - cx;
                double py = y + 0.5 - cy;
                double cover = switch (label) {
                    case 0 -> edge(len(px, py) - size);
                    case 1 -> edge(box(free.x(px, py), free.y(px, py), size * 0.85, size * 0.85));
                    case 2 -> edge(triangle(free.x(px, py), free.y(px, py), size * 1.1));
                    case 3 -> edge(plus(small.x(px, py), small.y(px, py), size));
                    case 4 -> edge(Math.abs(len(px, py) - size * 0.75) - Math.max(1.0, size * 0.22));
                    case 5 -> patch(px, py, size) * stripe(small.y(px, py), period, phase);
                    case 6 -> patch(px, py, size) * stripe(small.x(px, py), period, phase);
                    case 7 -> patch(px, py, size) * stripe(diagonal.x(px, py), period, phase);
                    case 8 -> patch(px, py, size) * checker(small.x(px, py), small.y(px, py), period * 0.5);
                    case 9 -> edge(ellipse(free.x(px, py), free.y(px, py), size * 1.1, size * 1.1 * ratio));
                    default -> throw new IllegalArgumentException("no synthetic class " + label);
                };
                mask[y * N + x] = (float) cover;
            }
        }
    }

    /** sqrt(x^2 + y^2); Math.hypot guards against overflow we cannot have and is several times slower. */
    private static double len(double x, double y) {
        return Math.sqrt(x * x + y * y);
    }

    /** Coverage of a pixel whose centre is at signed distance d from the edge. */
    private static double edge(double d) {
        return Math.max(0, Math.min(1, 0.5 - d));
    }

    /** A rotation by angle a, with its cosine and sine computed once per image, not per pixel. */
    private record Rot(double cos, double sin) {
        static Rot of(double a) {
            return new Rot(StrictMath.cos(a), StrictMath.sin(a));
        }

        double x(double px, double py) {
            return px * cos + py * sin;
        }

        double y(double px, double py) {
            return -px * sin + py * cos;
        }
    }

    /** Signed distance to an axis-aligned box of half-sizes (hx, hy). */
    private static double box(double x, double y, double hx, double hy) {
        double dx = Math.abs(x) - hx;
        double dy = Math.abs(y) - hy;
        return len(Math.max(dx, 0), Math.max(dy, 0)) + Math.min(Math.max(dx, dy), 0);
    }

    /** Approximate signed distance to an equilateral triangle of circumradius r (max of 3 half-planes). */
    private static double triangle(double x, double y, double r) {
        double inner = r * 0.5; // inradius
        // Outward normals of the three sides, at 90, 210 and 330 degrees.
        double d1 = y - inner;
        double d2 = -COS30 * x - 0.5 * y - inner;
        double d3 = COS30 * x - 0.5 * y - inner;
        return Math.max(d1, Math.max(d2, d3));
    }

    private static final double COS30 = Math.sqrt(3) / 2;

    private static double plus(double x, double y, double size) {
        double arm = Math.max(1.2, size * 0.3);
        return Math.min(box(x, y, size, arm), box(x, y, arm, size));
    }

    private static double ellipse(double x, double y, double a, double b) {
        // Scaled-circle approximation of the distance; good enough for a one-pixel soft edge.
        double k = len(x / a, y / b);
        return (k - 1) * Math.min(a, b);
    }

    /** A rounded-square patch, the area a texture fills (a bit larger than the solid shapes). */
    private static double patch(double x, double y, double size) {
        double h = size * 1.2;
        return edge(box(x, y, h - 2, h - 2) - 2);
    }

    /** 0/1 stripes along coordinate t, softened at the edges. */
    private static double stripe(double t, double period, double phase) {
        double v = t + phase;
        double u = v - period * Math.floor(v / period); // 0..period
        double half = period / 2;
        // distance to the nearest stripe edge, signed: inside the first half is "on"
        double d = u < half ? -Math.min(u, half - u) : Math.min(u - half, period - u);
        return edge(d);
    }

    private static double checker(double x, double y, double cell) {
        double sx = stripe(x, 2 * cell, 0) * 2 - 1;
        double sy = stripe(y, 2 * cell, 0) * 2 - 1;
        return (sx * sy + 1) / 2;
    }
}
