import { raw } from "hono/html";
import type { I18n } from "../src/view-models.js";

/** A LAN address of the server, with its QR code as SVG markup drawn on the server. */
export interface AddressView {
  url: string;
  qrSvg: string;
}

/**
 * "Open Almanac on another device": the LAN addresses, the first with its QR
 * code, for a household to open on their phones. Nothing when the server is
 * reachable from this machine only.
 */
export function AddressPanel(props: { addresses: AddressView[]; i18n: I18n }) {
  const { t } = props.i18n;
  const [first, ...rest] = props.addresses;
  if (!first) return null;
  return (
    <section class="address" aria-labelledby="address-title">
      <h2 id="address-title">{t("status.address")}</h2>
      <p>{t("status.addressHint")}</p>
      <p class="lan-url">
        <a href={first.url}>
          <bdi>{first.url}</bdi>
        </a>
        {rest.map((a) => (
          <>
            {" · "}
            <a href={a.url}>
              <bdi>{a.url}</bdi>
            </a>
          </>
        ))}
      </p>
      {/* Our own SVG from the qrcode library, not book or user markup. */}
      <div class="qr" role="img" aria-label={t("status.qrLabel", { url: first.url })}>
        {raw(first.qrSvg)}
      </div>
    </section>
  );
}
