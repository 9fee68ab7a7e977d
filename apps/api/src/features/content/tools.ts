// The portal's tools as search documents (type "tool"), with the words people use when they look
// for them. Their keywords are best bets: a query containing one opens on the tool
// (@portal/search SearchService), so "kiểm tra đường dẫn" or "report a scam" lands on the tool
// rather than on the articles that mention the same words. The one place these documents are made.
import { type Lang, type PageKey, paths } from "@portal/contracts";
import type { SearchDocument } from "@portal/search";

interface ToolText {
  title: string;
  /** One or two sentences: what it does and when to use it. */
  summary: string;
  /**
   * How people ask for it, in this language: whole phrases, specific enough that a query
   * containing one clearly wants this tool. Not single common words ("lừa đảo", "mật khẩu"):
   * those belong to the articles as much as to the tool.
   */
  keywords: string[];
}

export interface Tool {
  page: PageKey;
  vi: ToolText;
  en: ToolText;
}

/** In the order the portal lists its tools; a tie between two best bets keeps this order. */
export const TOOLS: readonly Tool[] = [
  {
    page: "linkCheck",
    vi: {
      title: "Kiểm tra đường dẫn (link) đáng ngờ",
      summary:
        "Dán một đường dẫn nhận được qua tin nhắn, thư điện tử hay mạng xã hội để biết nó có nằm trong danh sách trang lừa đảo, giả mạo, phát tán mã độc không, và có đang nhái trang của ngân hàng hay cơ quan nhà nước không.",
      keywords: [
        "kiểm tra đường dẫn",
        "kiểm tra link",
        "kiểm tra liên kết",
        "kiểm tra url",
        "kiểm tra trang web",
        "kiểm tra website",
        "check link",
        "check url",
        "đường dẫn lừa đảo",
        "link lừa đảo",
        "đường dẫn đáng ngờ",
        "link đáng ngờ",
        "đường dẫn lạ",
        "link lạ",
        "link độc",
      ],
    },
    en: {
      title: "Check a suspicious link",
      summary:
        "Paste a link you received by text message, e-mail or social media to see whether it is on a list of scam, fake or malware sites, and whether it imitates a bank's or a state agency's site.",
      keywords: [
        "check a link",
        "link check",
        "check a url",
        "url check",
        "check a website",
        "is this link safe",
        "is this website safe",
        "suspicious link",
        "phishing link",
        "scam link",
      ],
    },
  },
  {
    page: "fileCheck",
    vi: {
      title: "Kiểm tra tệp tin đáng ngờ",
      summary:
        "Chọn một tệp nhận được, như tệp đính kèm hay tệp cài đặt ứng dụng (APK), để đối chiếu mã băm của nó với danh sách mã độc đã biết. Mã băm được tính ngay trên máy của bạn; tệp không được gửi đi.",
      keywords: [
        "kiểm tra tệp",
        "kiểm tra tệp tin",
        "kiểm tra file",
        "check file",
        "quét virus",
        "quét mã độc",
        "file có virus",
        "tệp có mã độc",
        "file apk",
        "tệp apk",
        "tệp đính kèm lạ",
        "kiểm tra mã băm",
        "kiểm tra hash",
      ],
    },
    en: {
      title: "Check a suspicious file",
      summary:
        "Choose a file you received, such as an attachment or an app installer (APK), to compare its hash with lists of known malware. The hash is computed on your device; the file is not sent anywhere.",
      keywords: [
        "check a file",
        "file check",
        "scan a file",
        "virus scan",
        "malware scan",
        "is this file safe",
        "apk file",
        "check a hash",
        "file hash",
      ],
    },
  },
  {
    page: "passwordCheck",
    vi: {
      title: "Kiểm tra mật khẩu đã bị lộ chưa",
      summary:
        "Xem một mật khẩu đã từng xuất hiện trong dữ liệu bị lộ hay trong danh sách mật khẩu phổ biến chưa. Mật khẩu không rời khỏi máy của bạn: chỉ năm ký tự đầu của mã băm được gửi đi.",
      keywords: [
        "kiểm tra mật khẩu",
        "mật khẩu bị lộ",
        "mật khẩu đã bị lộ",
        "mật khẩu có an toàn không",
        "check mật khẩu",
        "check password",
      ],
    },
    en: {
      title: "Check whether a password has leaked",
      summary:
        "See whether a password has appeared in leaked data or on the list of the most common passwords. The password never leaves your device: only the first five characters of its hash are sent.",
      keywords: [
        "check a password",
        "password check",
        "leaked password",
        "password leaked",
        "pwned password",
        "is my password safe",
        "has my password been leaked",
      ],
    },
  },
  {
    page: "accountCheck",
    vi: {
      title: "Kiểm tra thư điện tử, số điện thoại đã bị lộ chưa",
      summary:
        "Xem địa chỉ thư điện tử hoặc số điện thoại di động của bạn có nằm trong các vụ lộ lọt dữ liệu mà Cổng đã ghi nhận không, và nên làm gì tiếp theo.",
      keywords: [
        "thư điện tử bị lộ",
        "email bị lộ",
        "kiểm tra email",
        "số điện thoại bị lộ",
        "số điện thoại của tôi bị lộ",
        "kiểm tra lộ lọt",
        "tài khoản bị lộ",
      ],
    },
    en: {
      title: "Check whether your e-mail address or phone number has leaked",
      summary: "See whether your e-mail address or mobile number is in a data breach the portal knows of, and what to do next.",
      keywords: ["check my email", "email leaked", "email breach", "phone number leaked", "have i been pwned", "data breach check"],
    },
  },
  {
    page: "numberCheck",
    vi: {
      title: "Kiểm tra số điện thoại, số tài khoản lừa đảo",
      summary:
        "Trước khi nghe máy, gọi lại hay chuyển tiền, hãy xem một số điện thoại hoặc số tài khoản ngân hàng đã được cán bộ xác nhận là dùng để lừa đảo chưa.",
      keywords: [
        "số điện thoại lừa đảo",
        "số tài khoản lừa đảo",
        "tài khoản lừa đảo",
        "kiểm tra số điện thoại",
        "tra cứu số điện thoại",
        "check số điện thoại",
        "số lạ gọi đến",
        "số máy lạ",
        "kiểm tra số tài khoản",
        "tra cứu số tài khoản",
        "kiểm tra tài khoản ngân hàng",
      ],
    },
    en: {
      title: "Check a phone number or bank account used in scams",
      summary:
        "Before you answer, call back or send money, see whether staff have confirmed a phone number or bank account as used in scams.",
      keywords: [
        "scam phone number",
        "scam number",
        "check a phone number",
        "phone number check",
        "check a number",
        "is this number a scam",
        "scam bank account",
        "check a bank account",
      ],
    },
  },
  {
    page: "report",
    vi: {
      title: "Báo cáo lừa đảo, mã độc, tin giả",
      summary:
        "Gửi báo cáo về lừa đảo, mã độc, lộ lọt dữ liệu, tin giả hay nội dung vi phạm pháp luật trên mạng, kèm bằng chứng nếu có, rồi theo dõi việc xử lý bằng mã tra cứu.",
      keywords: [
        "báo cáo lừa đảo",
        "tố giác lừa đảo",
        "tố cáo lừa đảo",
        "phản ánh lừa đảo",
        "trình báo lừa đảo",
        "báo cáo số điện thoại lừa đảo",
        "báo cáo tin nhắn lừa đảo",
        "báo cáo trang web giả mạo",
        "báo cáo mã độc",
        "báo cáo tin giả",
        "bị lừa đảo",
        "bị lừa tiền",
      ],
    },
    en: {
      title: "Report a scam, malware or fake news",
      summary:
        "Report a scam, malware, a data leak, fake news or illegal content online, with evidence if you have it, and follow what happens with a tracking code.",
      keywords: [
        "report a scam",
        "report fraud",
        "report phishing",
        "report a fake website",
        "report a scam number",
        "report malware",
        "report fake news",
        "i was scammed",
        "i have been scammed",
      ],
    },
  },
  {
    page: "reportStatus",
    vi: {
      title: "Tra cứu báo cáo đã gửi",
      summary: "Nhập mã tra cứu và mã bí mật nhận được khi gửi báo cáo để xem báo cáo đang được xử lý đến đâu.",
      keywords: ["tra cứu báo cáo", "tình trạng báo cáo", "theo dõi báo cáo", "mã tra cứu"],
    },
    en: {
      title: "Follow a report you sent",
      summary: "Enter the tracking code and the status key you were given when you sent a report to see how far it has got.",
      keywords: ["report status", "track my report", "follow my report", "tracking code"],
    },
  },
  {
    page: "statistics",
    vi: {
      title: "Thống kê báo cáo và kiểm tra",
      summary:
        "Số báo cáo người dân gửi theo tuần và theo loại, tiến độ xử lý và số lượt kiểm tra của Cổng, dưới dạng biểu đồ kèm bảng số liệu.",
      keywords: ["thống kê lừa đảo", "thống kê báo cáo", "số liệu lừa đảo", "số vụ lừa đảo"],
    },
    en: {
      title: "Reports and checks in numbers",
      summary:
        "Citizens' reports by week and kind, how they were handled and how many checks the portal answered, as charts with their data tables.",
      keywords: ["scam statistics", "report statistics", "statistics on scams"],
    },
  },
];

const MORE: Record<Lang, string> = { vi: "Cũng tìm được với các cụm từ", en: "Also found as" };

/** Both languages' search documents of every tool. */
export function toolSearchDocuments(tools: readonly Tool[] = TOOLS): SearchDocument[] {
  return tools.flatMap((tool) =>
    (["vi", "en"] as const).map((lang): SearchDocument => {
      const text = tool[lang];
      return {
        id: `tool:${lang}:${tool.page}`,
        type: "tool",
        lang,
        title: text.title,
        url: paths.page(tool.page, lang),
        summary: text.summary,
        // The keywords are in the body too, so the engines find the tool by them even where no
        // best bet applies (a query with other words around them).
        body: `${text.summary}\n${MORE[lang]}: ${text.keywords.join("; ")}.`,
        keywords: text.keywords,
      };
    }),
  );
}
