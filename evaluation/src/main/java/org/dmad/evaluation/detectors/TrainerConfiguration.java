package org.dmad.evaluation.detectors;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.tribuo.Trainer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A detector's trainer as an OLCUT XML configuration ({@code dmad detectors --config NAME}), written from the trainer
 * itself: the trainer the registry makes for a {@link Profile#PAPER} run with Tribuo's default seed, automatic
 * threads and the CPU, i.e. every {@code @Config} field at its default apart from the few the registry sets for that
 * detector (for {@code ddim}, the sampler and its steps). A new detector therefore needs no sample XML file: Tribuo's
 * {@code ConfigurationManager} loads this text into a trainer equal to that one (same settings, same provenance).
 */
public final class TrainerConfiguration {

    private TrainerConfiguration() {}

    /**
     * The trainer whose configuration {@link #xml} writes.
     *
     * @param detector the detector.
     * @param window   the window length for a time-series detector (ignored for a tabular one).
     * @return the trainer.
     */
    public static Trainer<org.tribuo.anomaly.Event> trainer(DetectorRegistry.Detector detector, int window) {
        return detector.factory()
                .create(new DetectorRegistry.Run(
                        Profile.PAPER,
                        Trainer.DEFAULT_SEED,
                        0,
                        "cpu",
                        detector.task() == Task.TIMESERIES ? window : 0));
    }

    /**
     * The OLCUT XML configuration of a detector's trainer; the component is named after the detector.
     *
     * @param detector the detector.
     * @param window   the window length for a time-series detector (ignored for a tabular one).
     * @return the XML text.
     */
    public static String xml(DetectorRegistry.Detector detector, int window) {
        Trainer<org.tribuo.anomaly.Event> trainer = trainer(detector, window);
        ConfigurationManager cm = new ConfigurationManager();
        cm.importConfigurable(trainer, detector.name());
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try {
            cm.save(raw, "xml", true);
            cm.close();
            return tidy(raw.toByteArray(), detector);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not write the configuration of '" + detector.name() + "'", e);
        }
    }

    /** Orders each component's properties as its class declares them, drops OLCUT's defaults, adds a header. */
    private static String tidy(byte[] xml, DetectorRegistry.Detector detector) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        Element root = doc.getDocumentElement();
        for (Node n = doc.getFirstChild(); n != null; ) {
            Node next = n.getNextSibling();
            if (n.getNodeType() == Node.COMMENT_NODE) {
                doc.removeChild(n);
            }
            n = next;
        }
        for (Node n = root.getFirstChild(); n != null; ) {
            Node next = n.getNextSibling();
            if (n.getNodeType() != Node.ELEMENT_NODE) {
                root.removeChild(n);
            }
            n = next;
        }
        NodeList components = root.getElementsByTagName("component");
        for (int i = 0; i < components.getLength(); i++) {
            Element c = (Element) components.item(i);
            c.removeAttribute("export");
            c.removeAttribute("import");
            List<String> order = configFields(Class.forName(c.getAttribute("type")));
            List<Element> properties = new ArrayList<>();
            for (Node n = c.getFirstChild(); n != null; ) {
                Node next = n.getNextSibling();
                c.removeChild(n);
                if (n.getNodeType() == Node.ELEMENT_NODE) {
                    properties.add((Element) n);
                }
                n = next;
            }
            properties.sort(Comparator.comparingInt(p -> {
                int at = order.indexOf(p.getAttribute("name"));
                return at < 0 ? Integer.MAX_VALUE : at;
            }));
            properties.forEach(c::appendChild);
        }
        root.getParentNode()
                .insertBefore(
                        doc.createComment("\n  " + detector.name() + ": "
                                + detector.description().replace("--", "-")
                                + "\n  Written from the trainer by dmad's detectors command (its config option) as "
                                + "the registry makes it (paper profile, seed " + Trainer.DEFAULT_SEED + ", cpu).\n"
                                + "  Load it with Tribuo's ConfigurationManager:\n"
                                + "    ConfigurationManager cm = new ConfigurationManager(\"this-file.xml\");\n"
                                + "    Trainer<Event> trainer = (Trainer<Event>) cm.lookup(\"" + detector.name()
                                + "\");\n  Every name is the trainer's @Config field name.\n"),
                        root);
        Transformer out = TransformerFactory.newInstance().newTransformer();
        out.setOutputProperty(OutputKeys.INDENT, "yes");
        out.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "4");
        out.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        StringWriter text = new StringWriter();
        out.transform(new DOMSource(doc), new StreamResult(text));
        return text.toString()
                .replace(" standalone=\"no\"", "")
                .replace("?><!--", "?>\n<!--")
                .replace("--><config", "-->\n<config");
    }

    /** The {@code @Config} field names of a class, the superclasses' first, each in declaration order. */
    private static List<String> configFields(Class<?> type) {
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            chain.add(0, c);
        }
        List<String> names = new ArrayList<>();
        for (Class<?> c : chain) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(Config.class)) {
                    names.add(f.getName());
                }
            }
        }
        return names;
    }
}
