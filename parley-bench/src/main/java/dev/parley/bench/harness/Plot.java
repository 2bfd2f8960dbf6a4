package dev.parley.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The report's picture, written as SVG by hand: on the left the pass-through added latency (p50, p99, p99.9) of
 * each gateway, on the right the throughput ladder (req/s against p99 latency, every target, direct included).
 * Both latency axes are logarithmic: the gateways differ by orders of magnitude.
 */
final class Plot {

    private static final Map<String, String> COLORS = Map.of(Target.DIRECT, "#7f7f7f", Target.NGINX, "#2ca02c",
            Target.PARLEY, "#1f77b4", Target.PORTKEY, "#d62728");
    private static final int HEIGHT = 440;
    private static final int TOP = 50;
    private static final int BOTTOM = 380;

    private final Figures f;
    private final Settings settings;
    private final StringBuilder svg = new StringBuilder();

    Plot(Figures figures, Settings settings) {
        this.f = figures;
        this.settings = settings;
    }

    String svg(String title) {
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1100\" height=\"").append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(550, 20, title, "middle", 14);
        bars(70, 480);
        ladder(620, 1060);
        return svg.append("</svg>\n").toString();
    }

    private void bars(int left, int right) {
        List<String> gateways = f.measurements().targets.stream().filter(t -> !t.equals(Target.DIRECT)).toList();
        String[] names = {"p50", "p99", "p99.9"};
        List<double[]> values = new ArrayList<>();
        double max = 10;
        for (String t : gateways) {
            double[] v = {
                value(f.addedHttp(Measurements.PASS_THROUGH, t, Wrk.Result::p50)),
                value(f.addedHttp(Measurements.PASS_THROUGH, t, Wrk.Result::p99)),
                value(f.addedHttp(Measurements.PASS_THROUGH, t, Wrk.Result::p999))};
            values.add(v);
            for (double x : v) {
                max = Math.max(max, x);
            }
        }
        double top = Math.pow(10, Math.ceil(Math.log10(max)));
        logAxis(left, right, top, "pass-through added latency, 1 connection (µs)");
        double group = (right - left) / (double) names.length;
        double bar = group / (gateways.size() + 1);
        for (int p = 0; p < names.length; p++) {
            text(left + group * p + group / 2, BOTTOM + 18, names[p], "middle", 12);
            for (int g = 0; g < gateways.size(); g++) {
                double v = values.get(g)[p];
                double y = logY(Math.max(v, 1), top);
                double x = left + group * p + bar / 2 + bar * g;
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>\n",
                        x, y, bar * 0.9, BOTTOM - y, COLORS.get(gateways.get(g))));
                text(x + bar * 0.45, y - 3, Report.num(v), "middle", 10);
            }
        }
        legend(left + 10, TOP + 10, gateways);
    }

    private void ladder(int left, int right) {
        List<String> targets = f.measurements().targets;
        double maxRps = 1;
        double maxP99 = 10;
        for (String t : targets) {
            for (int c : settings.ladder()) {
                maxRps = Math.max(maxRps, value(f.ladderRps(t, c)));
                maxP99 = Math.max(maxP99, p99(t, c));
            }
        }
        double top = Math.pow(10, Math.ceil(Math.log10(maxP99)));
        logAxis(left, right, top, "closed-loop ladder: p99 latency (µs) against req/s");
        for (int i = 0; i <= 4; i++) {
            double rps = maxRps * i / 4;
            text(left + (right - left) * i / 4.0, BOTTOM + 18, Report.num(rps), "middle", 10);
        }
        for (String t : targets) {
            StringBuilder points = new StringBuilder();
            for (int c : settings.ladder()) {
                OptionalDouble rps = f.ladderRps(t, c);
                if (rps.isPresent()) {
                    double x = left + (right - left) * rps.getAsDouble() / maxRps;
                    double y = logY(Math.max(p99(t, c), 1), top);
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                    svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n",
                            x, y, COLORS.get(t)));
                }
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(COLORS.get(t))
                    .append("\" points=\"").append(points.toString().trim()).append("\"/>\n");
        }
        legend(left + 10, TOP + 10, targets);
    }

    private double p99(String target, int connections) {
        return f.measurements().http(Measurements.LADDER, target).stream()
                .filter(r -> r.connections() == connections && Figures.ok(r)).mapToDouble(r -> r.result().p99())
                .findFirst().orElse(0);
    }

    private void logAxis(int left, int right, double top, String label) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n",
                left, BOTTOM, right, BOTTOM));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n",
                left, TOP, left, BOTTOM));
        for (double tick = 1; tick <= top; tick *= 10) {
            double y = logY(tick, top);
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", left, y, right, y));
            text(left - 5, y + 4, Report.num(tick), "end", 10);
        }
        text((left + right) / 2.0, BOTTOM + 40, label, "middle", 12);
    }

    private void legend(int x, int y, List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>\n",
                    x, y + i * 16, COLORS.get(names.get(i))));
            text(x + 15, y + i * 16 + 9, names.get(i), "start", 11);
        }
    }

    private static double logY(double value, double top) {
        return BOTTOM - (BOTTOM - TOP) * Math.log10(value) / Math.log10(top);
    }

    private void text(double x, double y, String s, String anchor, int size) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>\n",
                x, y, anchor, size, s.replace("&", "&amp;").replace("<", "&lt;")));
    }

    private static double value(OptionalDouble v) {
        return v.orElse(0);
    }
}
