package org.eventstream.benchmarks.load;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A two-panel SVG of a load run, per second: accepted events and written rows (top), p50
 * and p99 request latency (bottom). Plain SVG, no library.
 */
final class LoadChart {

	private static final int WIDTH = 900;

	private static final int PANEL = 220;

	private static final int LEFT = 70;

	private LoadChart() {
	}

	static String svg(String title, List<Map<String, Object>> seconds) {
		StringBuilder svg = new StringBuilder();
		int height = 2 * PANEL + 110;
		svg.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
						+ "font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
				WIDTH, height));
		svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\">%s</text>%n", LEFT,
				escape(title)));
		panel(svg, seconds, 40, "events/s", List.of("accepted_events", "writer_rows"), List.of("#1f77b4", "#2ca02c"),
				List.of("accepted (ingest 2xx)", "written (event-writer)"));
		panel(svg, seconds, 40 + PANEL + 50, "latency ms", List.of("latency_p50_ms", "latency_p99_ms"),
				List.of("#ff7f0e", "#d62728"), List.of("p50", "p99"));
		return svg.append("</svg>\n").toString();
	}

	private static void panel(StringBuilder svg, List<Map<String, Object>> seconds, int top, String unit,
			List<String> series, List<String> colors, List<String> labels) {
		double max = 1;
		for (Map<String, Object> second : seconds) {
			for (String name : series) {
				max = Math.max(max, ((Number) second.get(name)).doubleValue());
			}
		}
		int plotWidth = WIDTH - LEFT - 20;
		svg.append(String.format(Locale.ROOT,
				"<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n", LEFT, top,
				plotWidth, PANEL));
		svg.append(String.format(Locale.ROOT, "<text x=\"5\" y=\"%d\">%s</text>%n", top + 12, unit));
		for (int tick = 0; tick <= 4; tick++) {
			double value = max * tick / 4;
			int y = top + PANEL - (int) (PANEL * tick / 4.0);
			svg.append(String.format(Locale.ROOT,
					"<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text><line x1=\"%d\" y1=\"%d\" x2=\"%d\" "
							+ "y2=\"%d\" stroke=\"#eee\"/>%n",
					LEFT - 5, y + 4, format(value), LEFT, y, LEFT + plotWidth, y));
		}
		for (int s = 0; s < series.size(); s++) {
			StringBuilder points = new StringBuilder();
			for (int i = 0; i < seconds.size(); i++) {
				double x = LEFT + (seconds.size() == 1 ? 0 : plotWidth * i / (double) (seconds.size() - 1));
				double y = top + PANEL - PANEL * ((Number) seconds.get(i).get(series.get(s))).doubleValue() / max;
				points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
			}
			svg.append(String.format(Locale.ROOT,
					"<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n", colors.get(s),
					points.toString().trim()));
			svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n",
					LEFT + 10 + s * 200, top + PANEL + 18, colors.get(s), escape(labels.get(s))));
		}
		svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d s</text>%n",
				LEFT + plotWidth, top + PANEL + 18, seconds.size()));
	}

	private static String format(double value) {
		return value >= 10_000 ? String.format(Locale.ROOT, "%.0fk", value / 1000)
				: String.format(Locale.ROOT, "%.0f", value);
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;");
	}

}
