package dev.breakfix.aws.ec2;

import dev.breakfix.aws.IsoInstants;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * One element of an EC2 Query API answer, read through its direct children only: EC2 nests the same
 * names at several depths (every list is {@code <somethingSet><item>}, and an instance's network
 * interfaces repeat its {@code privateIpAddress}), so a search through all descendants would find the
 * wrong ones. Names are matched without their namespace.
 *
 * @param action the action whose answer this is, to name it when the answer lacks something
 */
record Ec2Element(String action, Element element) {
    private static final int HTTP_OK = 200;

    /** The element's name without namespace, e.g. {@code DescribeInstancesResponse}. */
    String name() {
        return localName(element);
    }

    Optional<Ec2Element> child(String name) {
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child && name.equals(localName(child))) {
                return Optional.of(new Ec2Element(action, child));
            }
        }
        return Optional.empty();
    }

    /** The items of a list, {@code <list><item>…</item>…</list>}; none when the list is absent or empty. */
    List<Ec2Element> items(String list) {
        List<Ec2Element> items = new ArrayList<>();
        child(list).ifPresent(set -> {
            for (Node node = set.element.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node instanceof Element item && "item".equals(localName(item))) {
                    items.add(new Ec2Element(action, item));
                }
            }
        });
        return items;
    }

    /** A child's text, trimmed; empty when the child is absent or blank ({@code <dnsName/>}). */
    Optional<String> text(String name) {
        return child(name).map(child -> child.element.getTextContent().strip()).filter(text -> !text.isEmpty());
    }

    /** A child's text that EC2 always sends; without it the answer is not what EC2 documents. */
    String required(String name) {
        return text(name).orElseThrow(() -> Ec2QueryException.unreadable(action, HTTP_OK,
                "no <" + name + "> in <" + name() + ">", null));
    }

    /** A required child holding an ISO-8601 instant, such as an instance's {@code launchTime}. */
    Instant requiredInstant(String name) {
        String text = required(name);
        try {
            return IsoInstants.parse(text);
        } catch (DateTimeException e) {
            throw Ec2QueryException.unreadable(action, HTTP_OK, "<" + name + "> is not an instant: " + text, e);
        }
    }

    private static String localName(Element element) {
        return element.getLocalName() != null ? element.getLocalName() : element.getTagName();
    }
}
