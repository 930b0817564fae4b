package dev.tfjrunner.report.html;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A comparison of runs as one HTML page: the table {@code compare} prints, each row linked to its
 * run's {@link RunPage}.
 *
 * @param numeric the columns to right-align
 */
public record ComparisonPage(String title, List<String> header, List<String> numeric, List<Row> rows) {

  /** @param runPage the run's page, relative to the comparison page */
  public record Row(List<String> cells, String runPage) {}

  public void write(Path file) throws IOException {
    Html.write(render(), file);
  }

  public Document render() {
    Document page = Html.page(title);
    Element body = Html.table(Html.section(page, "comparison", "Runs"), header,
        rows.stream().map(Row::cells).toList(), numeric);
    for (int i = 0; i < rows.size(); i++) {
      Element cell = body.child(i).appendElement("td");
      cell.appendElement("a").attr("href", rows.get(i).runPage()).text("report");
    }
    body.parent().selectFirst("thead tr").appendElement("th").text("run page");
    return page;
  }
}
