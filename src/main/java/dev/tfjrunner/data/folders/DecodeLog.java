package dev.tfjrunner.data.folders;

/** Where decoding reports: whole lines, and (on a terminal) a progress line redrawn in place. */
public interface DecodeLog {

  /** Nothing reported. */
  DecodeLog SILENT = new DecodeLog() {
    @Override
    public void println(String line) {}

    @Override
    public void redraw(String line) {}

    @Override
    public boolean interactive() {
      return false;
    }
  };

  /** A whole line (it ends a line being redrawn). */
  void println(String line);

  /** Redraws the current line; called only when {@link #interactive()}. */
  void redraw(String line);

  boolean interactive();
}
