// The site's navigation and its list of tools. Their addresses come from @portal/contracts
// (`paths.page(key, lang)`), the one owner of every public URL.
import type { PageKey } from "@portal/contracts";
import type { UIKey } from "./index.ts";

/**
 * The main navigation, in order: few enough to fit one line on a laptop. Each tool has its card
 * on the tools page (`tools` below) rather than a place here; service status is in the footer.
 */
export const navigation: { page: PageKey; label: UIKey }[] = [
  { page: "home", label: "nav.home" },
  { page: "tools", label: "nav.tools" },
  { page: "alerts", label: "alerts.nav" },
  { page: "guidance", label: "nav.guidance" },
  { page: "breaches", label: "breach.nav.catalogue" },
  { page: "legal", label: "nav.legal" },
  { page: "about", label: "nav.about" },
];

/**
 * The portal's working tools, listed on the home page and the tools page in this order. A tool
 * is added here by the change that makes it work — never before.
 */
export const tools: { page: PageKey; title: UIKey; description: UIKey }[] = [
  { page: "linkCheck", title: "check.tool.link.title", description: "check.tool.link.description" },
  { page: "fileCheck", title: "check.tool.file.title", description: "check.tool.file.description" },
  { page: "passwordCheck", title: "breach.tool.password.title", description: "breach.tool.password.description" },
  { page: "accountCheck", title: "breach.tool.account.title", description: "breach.tool.account.description" },
  { page: "numberCheck", title: "reports.tool.number.title", description: "reports.tool.number.description" },
];
