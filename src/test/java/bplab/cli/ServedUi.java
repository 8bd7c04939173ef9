package bplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The {@code ui} command serving run directories in this JVM until closed, as Ctrl-C would end it:
 * {@code base} is the printed address, {@code printed} everything printed before "press Ctrl-C".
 */
record ServedUi(String base, String printed, UiCommand command, Thread serving, int[] exit) implements AutoCloseable {
    /** Starts {@code ui --ui-port 0 DIR...} and returns once it has printed its sessions. */
    static ServedUi serve(Path... dirs) throws IOException {
        UiCommand[] command = new UiCommand[1];
        CommandLine cli = new CommandLine(new Main(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K k = CommandLine.defaultFactory().create(cls);
                if (k instanceof UiCommand u) command[0] = u;
                return k;
            }
        });
        PipedReader pipe = new PipedReader();
        PrintWriter out = new PrintWriter(new PipedWriter(pipe), true);
        cli.setOut(out);
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>(List.of("ui", "--ui-port", "0"));
        for (Path d : dirs) args.add(d.toString());
        int[] exit = {-1};
        Thread serving = new Thread(() -> {
            exit[0] = cli.execute(args.toArray(String[]::new));
            out.close();
        }, "ui command");
        serving.start();
        BufferedReader lines = new BufferedReader(pipe);
        StringBuilder printed = new StringBuilder();
        for (String line = lines.readLine(); line != null && !line.startsWith("press Ctrl-C"); line = lines.readLine()) {
            printed.append(line).append('\n');
        }
        Matcher m = Pattern.compile("DL4J training UI: (http://127\\.0\\.0\\.1:\\d+)/train ").matcher(printed);
        assertThat(m.find()).as("the ui command's output:\n" + printed + err).isTrue();
        return new ServedUi(m.group(1), printed.toString(), command[0], serving, exit);
    }

    @Override
    public void close() throws InterruptedException {
        command.stop.countDown();
        serving.join();
        assertThat(exit[0]).as("the ui command's exit code").isZero();
    }
}
