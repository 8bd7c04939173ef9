package bplab.report;

import java.util.List;

/** A titled table of formatted cells, rendered both as Markdown and as HTML. */
public record Table(String title, String note, List<String> header, List<List<String>> rows) {
    public Table {
        header = List.copyOf(header);
        rows = rows.stream().map(List::copyOf).toList();
    }

    String markdown() {
        StringBuilder sb = new StringBuilder("## ").append(title).append("\n\n");
        if (!note.isEmpty()) sb.append(note).append("\n\n");
        sb.append("| ").append(String.join(" | ", header.stream().map(Table::mdEscape).toList())).append(" |\n|");
        for (int i = 0; i < header.size(); i++) sb.append("---|");
        sb.append('\n');
        for (List<String> r : rows) sb.append("| ").append(String.join(" | ", r.stream().map(Table::mdEscape).toList())).append(" |\n");
        return sb.append('\n').toString();
    }

    String html() {
        StringBuilder sb = new StringBuilder("<h2>").append(Html.escape(title)).append("</h2>\n");
        if (!note.isEmpty()) sb.append("<p class=\"note\">").append(Html.escape(note)).append("</p>\n");
        sb.append("<table>\n<thead><tr>");
        for (String h : header) sb.append("<th>").append(Html.escape(h)).append("</th>");
        sb.append("</tr></thead>\n<tbody>\n");
        for (List<String> r : rows) {
            sb.append("<tr>");
            for (String c : r) sb.append("<td>").append(Html.escape(c)).append("</td>");
            sb.append("</tr>\n");
        }
        return sb.append("</tbody>\n</table>\n").toString();
    }

    private static String mdEscape(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
