package bplab.experiment;

import bplab.config.ConfigException;
import bplab.config.ConfigLoader;
import bplab.config.RunConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The grid of an experiment: every combination of the varied values, first key slowest. */
public final class ExperimentPlan {
    static final int MAX_DIR_NAME = 120;

    private ExperimentPlan() {}

    /**
     * Expands the grid. Each cell's settings are, in order: {@code name=<experiment>}, the
     * experiment's {@code set}, the cell's varied values, then the overrides of each varied
     * value; the result is validated by {@link ConfigLoader#load} exactly like {@code --set}.
     */
    public static List<Cell> expand(ExperimentSpec spec, ConfigLoader loader) {
        List<Map<String, Integer>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (ExperimentSpec.Axis axis : spec.vary()) {
            List<Map<String, Integer>> next = new ArrayList<>();
            for (Map<String, Integer> c : combos) {
                for (int i = 0; i < axis.values().size(); i++) {
                    Map<String, Integer> m = new LinkedHashMap<>(c);
                    m.put(axis.key(), i);
                    next.add(m);
                }
            }
            combos = next;
        }
        List<Cell> cells = new ArrayList<>();
        Set<String> usedDirs = new HashSet<>();
        for (Map<String, Integer> combo : combos) {
            Map<String, String> values = new LinkedHashMap<>();
            List<String> settings = new ArrayList<>();
            settings.add("name=" + spec.name());
            settings.addAll(spec.set());
            for (ExperimentSpec.Axis axis : spec.vary()) {
                int i = combo.get(axis.key());
                values.put(axis.key(), axis.labels().get(i));
                settings.add(axis.key() + "=" + axis.values().get(i));
            }
            for (ExperimentSpec.ValueOverride o : spec.overrides()) {
                for (Map.Entry<String, String> v : values.entrySet()) {
                    if (o.matches(v.getKey(), v.getValue())) settings.addAll(o.settings());
                }
            }
            String label = label(values);
            RunConfig config;
            try {
                config = loader.load(spec.base(), settings);
            } catch (ConfigException e) {
                throw new ConfigException(spec.source() + ": cell " + label + ": " + e.getMessage());
            }
            String dir = uniqueDirName(dirName(values), usedDirs);
            cells.add(new Cell(cells.size(), label, dir, values, settings, config));
        }
        return cells;
    }

    /** {@code key=value} pairs joined by commas; "base" when nothing varies. */
    static String label(Map<String, String> values) {
        if (values.isEmpty()) return "base";
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(",", parts);
    }

    /**
     * A portable directory name: {@code model.output=mse_sigmoid,seed=1} becomes
     * {@code model.output-mse_sigmoid__seed-1}; anything outside {@code [A-Za-z0-9._-]} becomes
     * '_', and long names are cut and given a hash of the full label so they stay distinct.
     */
    static String dirName(Map<String, String> values) {
        if (values.isEmpty()) return "base";
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(safe(k) + "-" + safe(v)));
        String name = String.join("__", parts);
        if (name.startsWith(".")) name = "_" + name.substring(1);
        if (name.length() > MAX_DIR_NAME) {
            name = name.substring(0, MAX_DIR_NAME - 9) + "-" + hash(label(values));
        }
        return name;
    }

    private static String safe(String s) {
        String t = s.replace("[", "_").replace("]", "").replaceAll("[^A-Za-z0-9._-]", "_");
        return t.isEmpty() ? "_" : t;
    }

    private static String uniqueDirName(String name, Set<String> used) {
        String candidate = name;
        for (int n = 2; !used.add(candidate.toLowerCase(Locale.ROOT)); n++) candidate = name + "-" + n;
        return candidate;
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
