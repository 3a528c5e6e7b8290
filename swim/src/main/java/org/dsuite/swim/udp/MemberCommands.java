package org.dsuite.swim.udp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.dsuite.common.net.HostPort;
import org.dsuite.swim.api.MemberInfo;

/**
 * The operator commands of MP2 against one member, shared by the control socket and the console of
 * {@code swim start}. Status is grep-like: 0 ok, 2 error.
 */
public final class MemberCommands {
  /** Commands understood. */
  public static final List<String> COMMANDS =
      List.of(
          "list_mem",
          "list_self",
          "join",
          "leave",
          "enable_sus",
          "disable_sus",
          "status_sus",
          "stats");

  private MemberCommands() {}

  public static ControlClient.Reply run(SwimMember member, String command, List<String> args) {
    switch (command) {
      case "list_mem" -> {
        StringBuilder sb = new StringBuilder();
        for (MemberInfo m : member.allKnown()) {
          sb.append(format(m)).append('\n');
        }
        return new ControlClient.Reply(0, sb.toString());
      }
      case "list_self" -> {
        return new ControlClient.Reply(0, format(member.self()) + "\n");
      }
      case "join" -> {
        List<HostPort> introducers = new ArrayList<>();
        for (String a : args) {
          introducers.add(HostPort.parse(a));
        }
        member.join(introducers);
        return new ControlClient.Reply(0, "joined as " + member.self().id() + "\n");
      }
      case "leave" -> {
        member.leave();
        return new ControlClient.Reply(0, "left as " + member.self().id() + "\n");
      }
      case "enable_sus", "disable_sus" -> {
        member.setSuspicion(command.equals("enable_sus"));
        return new ControlClient.Reply(0, "suspicion " + onOff(member.suspicionEnabled()) + "\n");
      }
      case "status_sus" -> {
        return new ControlClient.Reply(0, "suspicion " + onOff(member.suspicionEnabled()) + "\n");
      }
      case "stats" -> {
        return new ControlClient.Reply(0, formatStats(member.stats(), member.localHealth()));
      }
      default -> {
        return new ControlClient.Reply(
            2, "unknown command '" + command + "'; one of " + COMMANDS + "\n");
      }
    }
  }

  private static String onOff(boolean on) {
    return on ? "on" : "off";
  }

  /** One line per member: {@code id status incarnation key=value,...}. */
  static String format(MemberInfo m) {
    StringBuilder meta = new StringBuilder();
    for (Map.Entry<String, String> e : new TreeMap<>(m.metadata()).entrySet()) {
      meta.append(meta.length() == 0 ? "" : ",")
          .append(e.getKey())
          .append('=')
          .append(e.getValue());
    }
    return String.format(
        Locale.ROOT,
        "%s %s %d %s",
        m.id(),
        m.status().name().toLowerCase(Locale.ROOT),
        m.incarnation(),
        meta.length() == 0 ? "-" : meta);
  }

  static String formatStats(SwimStats s, int localHealth) {
    return String.format(
        Locale.ROOT,
        "uptime_ms %d%nmsgs_sent_per_s %.2f%nbytes_sent_per_s %.1f%nmsgs_received_per_s %.2f%n"
            + "bytes_received_per_s %.1f%nmalformed %d%nrejected %d%ndropped_on_purpose %d%n"
            + "suspicions %d%nfailures_declared %d%nfalse_positives_seen %d%nrefutations %d%n"
            + "mean_detection_ms %.0f%nlocal_health %d%nlag_refutations %d%n",
        s.uptimeMs(),
        s.messagesSentPerSecond(),
        s.bytesSentPerSecond(),
        s.messagesReceivedPerSecond(),
        s.bytesReceivedPerSecond(),
        s.malformed(),
        s.rejected(),
        s.dropped(),
        s.core().suspicionsRaised(),
        s.core().failuresDeclared(),
        s.core().revivals(),
        s.core().refutations(),
        s.meanDetectionMs(),
        localHealth,
        s.lagRefutations());
  }
}
