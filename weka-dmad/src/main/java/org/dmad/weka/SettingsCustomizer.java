package org.dmad.weka;

import java.awt.Color;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.swing.BorderFactory;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JTextField;
import javax.swing.SwingConstants;
import javax.swing.UIManager;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import org.dmad.tribuo.DMADTrainer;
import weka.gui.beans.BeanCustomizer;
import weka.gui.beans.GOECustomizer;

/**
 * The settings of a dmad classifier in Weka's object editor (GenericObjectEditor), built from its
 * {@link TrainerSettings}: one titled group per trainer class that declares settings (shared, denoiser,
 * detector), plus Weka's general options, in up to three columns so that the largest dialog (DDPM's) fits a
 * 1024x768 screen. Fixed values are drop-downs (an editable one for {@code device}, which also takes gpu:N); the
 * rest are text fields that turn red, with the reason as their tool tip, while the text is not a valid value.
 * Hovering over a field shows the setting's description and default.
 * <p>
 * Weka's property sheet uses a {@link GOECustomizer} in place of its property rows when the edited class has one:
 * the JavaBeans introspector finds it by name, so each classifier has an empty subclass named after it
 * ({@code DDPMCustomizer} for {@code DDPM}). Edits go straight to the edited object; the editor's Cancel restores
 * its copy.
 */
public class SettingsCustomizer extends JPanel implements GOECustomizer {

    private static final long serialVersionUID = 1L;

    /** Rows per column before the groups spread over another column. */
    private static final int ROWS_PER_COLUMN = 13;

    private transient DMADClassifier target;
    private transient BeanCustomizer.ModifyListener modified;

    /** An empty panel; {@link #setObject} fills it. */
    public SettingsCustomizer() {
        super(new GridBagLayout());
    }

    @Override
    public void setObject(Object object) {
        target = (DMADClassifier) object;
        removeAll();
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Setting s : target.settings()) {
            groups.computeIfAbsent(title(s.group()), k -> new ArrayList<>()).add(row(s));
        }
        groups.put(
                "Weka",
                List.of(
                        new Row(
                                "debug",
                                "Print progress and details to standard error (-output-debug-info).",
                                choice(
                                        List.of("false", "true"),
                                        false,
                                        Boolean.toString(target.getDebug()),
                                        v -> target.setDebug(Boolean.parseBoolean(v)))),
                        new Row(
                                "doNotCheckCapabilities",
                                "Skip Weka's data checks (-do-not-check-capabilities).",
                                choice(
                                        List.of("false", "true"),
                                        false,
                                        Boolean.toString(target.getDoNotCheckCapabilities()),
                                        v -> target.setDoNotCheckCapabilities(Boolean.parseBoolean(v)))),
                        new Row(
                                "numDecimalPlaces",
                                "Decimal places of numbers in the output (-num-decimal-places).",
                                text(
                                        Integer.toString(target.getNumDecimalPlaces()),
                                        v -> target.setNumDecimalPlaces(Integer.parseInt(v.trim()))))));
        layOut(groups);
        revalidate();
        repaint();
    }

    private static String title(Class<?> declaring) {
        if (declaring == DMADTrainer.class) {
            return "Training and run (every detector)";
        }
        return declaring.getSimpleName().replace("Trainer", "") + " settings";
    }

    private void layOut(Map<String, List<Row>> groups) {
        int total = groups.values().stream().mapToInt(List::size).sum();
        int columns = Math.min(3, (total + ROWS_PER_COLUMN - 1) / ROWS_PER_COLUMN);
        int perColumn = (total + columns - 1) / columns;
        List<JPanel> columnPanels = new ArrayList<>();
        int filled = 0;
        for (Map.Entry<String, List<Row>> group : groups.entrySet()) {
            if (columnPanels.isEmpty()
                    || filled + group.getValue().size() > perColumn && columnPanels.size() < columns) {
                columnPanels.add(new JPanel(new GridBagLayout()));
                filled = 0;
            }
            JPanel column = columnPanels.get(columnPanels.size() - 1);
            GridBagConstraints c = new GridBagConstraints();
            c.gridx = 0;
            c.fill = GridBagConstraints.HORIZONTAL;
            c.anchor = GridBagConstraints.NORTH;
            c.weightx = 1;
            column.add(groupPanel(group.getKey(), group.getValue()), c);
            filled += group.getValue().size();
        }
        for (int i = 0; i < columnPanels.size(); i++) {
            JPanel column = columnPanels.get(i);
            GridBagConstraints filler = new GridBagConstraints();
            filler.gridx = 0;
            filler.weighty = 1;
            column.add(new JLabel(), filler);
            GridBagConstraints c = new GridBagConstraints();
            c.gridx = i;
            c.gridy = 0;
            c.fill = GridBagConstraints.BOTH;
            c.weightx = 1;
            c.weighty = 1;
            c.insets = new Insets(0, 2, 0, 2);
            add(column, c);
        }
    }

    private static JPanel groupPanel(String title, List<Row> rows) {
        JPanel panel = new JPanel(new GridBagLayout());
        panel.setBorder(BorderFactory.createTitledBorder(title));
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            JLabel label = new JLabel(r.name(), SwingConstants.RIGHT);
            label.setToolTipText(r.tip());
            r.editor().setToolTipText(r.tip());
            GridBagConstraints c = new GridBagConstraints();
            c.gridx = 0;
            c.gridy = i;
            c.anchor = GridBagConstraints.EAST;
            c.insets = new Insets(1, 4, 1, 4);
            panel.add(label, c);
            c = new GridBagConstraints();
            c.gridx = 1;
            c.gridy = i;
            c.fill = GridBagConstraints.HORIZONTAL;
            c.weightx = 1;
            c.insets = new Insets(1, 0, 1, 4);
            panel.add(r.editor(), c);
        }
        return panel;
    }

    private Row row(Setting s) {
        Consumer<String> apply = v -> target.setSetting(s.name(), v);
        String value = target.getSetting(s.name());
        JComponent editor = s.isDropDown() ? choice(s.dropDownValues(), s.open(), value, apply) : text(value, apply);
        return new Row(
                s.name(),
                "<html><body style='width: 300px'>" + s.tipText() + " (-" + s.option() + ")</body></html>",
                editor);
    }

    private JComboBox<String> choice(List<String> values, boolean editable, String value, Consumer<String> apply) {
        JComboBox<String> box = new JComboBox<>(values.toArray(new String[0]));
        box.setEditable(editable);
        if (!values.contains(value)) {
            box.addItem(value);
        }
        box.setSelectedItem(value);
        box.addActionListener(e -> {
            Object selected = box.getSelectedItem();
            if (selected != null) {
                applyAndMark(box, apply, selected.toString());
            }
        });
        return box;
    }

    private JTextField text(String value, Consumer<String> apply) {
        JTextField field = new JTextField(value, 7);
        field.getDocument().addDocumentListener(new DocumentListener() {
            @Override
            public void insertUpdate(DocumentEvent e) {
                applyAndMark(field, apply, field.getText());
            }

            @Override
            public void removeUpdate(DocumentEvent e) {
                applyAndMark(field, apply, field.getText());
            }

            @Override
            public void changedUpdate(DocumentEvent e) {
                applyAndMark(field, apply, field.getText());
            }
        });
        return field;
    }

    private void applyAndMark(JComponent editor, Consumer<String> apply, String value) {
        Object tip = editor.getClientProperty("dmad.tip");
        if (tip == null) {
            editor.putClientProperty("dmad.tip", editor.getToolTipText());
        }
        try {
            apply.accept(value);
            editor.setForeground(UIManager.getColor("TextField.foreground"));
            editor.setToolTipText((String) editor.getClientProperty("dmad.tip"));
            if (modified != null) {
                modified.setModifiedStatus(this, true);
            }
        } catch (IllegalArgumentException e) {
            editor.setForeground(Color.RED);
            editor.setToolTipText(e.getMessage());
        }
    }

    @Override
    public void setModifiedListener(BeanCustomizer.ModifyListener listener) {
        this.modified = listener;
    }

    @Override
    public void dontShowOKCancelButtons() {
        // The object editor's own OK and Cancel buttons serve: this panel has none.
    }

    @Override
    public void closingOK() {
        // Every edit is already applied to the edited object.
    }

    @Override
    public void closingCancel() {
        // The object editor restores its copy of the object.
    }

    /** One labelled editor. */
    private record Row(String name, String tip, JComponent editor) {}
}
