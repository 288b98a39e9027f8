// Endpoints per Microsoft cloud. Microsoft documents SMTP XOAUTH2 only for the public cloud; the other
// presets follow each cloud's published Exchange and Entra endpoints, and every value can be overridden
// by its own input. Rows marked `documented: false` are marked so in the README too. The Graph hosts
// are those of Microsoft's national cloud deployments page; the Graph scope is `${graphHost}/.default`.

export type CloudName = 'public' | 'usgov' | 'usgov-dod' | 'china';

export interface CloudPreset {
  readonly authorityHost: string;
  readonly smtpHost: string;
  /** The Exchange Online scope, for SMTP. */
  readonly scope: string;
  /** Microsoft Graph's origin in this cloud, for `transport: graph`. */
  readonly graphHost: string;
  readonly oidcAudience: string;
  readonly documented: boolean;
}

export const CLOUDS: Readonly<Record<CloudName, CloudPreset>> = {
  public: {
    authorityHost: 'https://login.microsoftonline.com',
    smtpHost: 'smtp.office365.com',
    scope: 'https://outlook.office365.com/.default',
    graphHost: 'https://graph.microsoft.com',
    oidcAudience: 'api://AzureADTokenExchange',
    documented: true,
  },
  usgov: {
    authorityHost: 'https://login.microsoftonline.us',
    smtpHost: 'smtp.office365.us',
    scope: 'https://outlook.office365.us/.default',
    graphHost: 'https://graph.microsoft.us',
    oidcAudience: 'api://AzureADTokenExchangeUSGov',
    documented: true,
  },
  // DoD: the SMTP host and the Exchange resource (scope) are not documented for SMTP AUTH.
  'usgov-dod': {
    authorityHost: 'https://login.microsoftonline.us',
    smtpHost: 'outlook-dod.office365.us',
    scope: 'https://outlook-dod.office365.us/.default',
    graphHost: 'https://dod-graph.microsoft.us',
    oidcAudience: 'api://AzureADTokenExchangeUSGov',
    documented: false,
  },
  // 21Vianet: the SMTP host and the Exchange resource (scope) are not documented for SMTP AUTH.
  china: {
    authorityHost: 'https://login.partner.microsoftonline.cn',
    smtpHost: 'smtp.partner.outlook.cn',
    scope: 'https://partner.outlook.cn/.default',
    graphHost: 'https://microsoftgraph.chinacloudapi.cn',
    oidcAudience: 'api://AzureADTokenExchangeChina',
    documented: false,
  },
};

export const CLOUD_NAMES = Object.keys(CLOUDS) as CloudName[];
