import { Controller, Get } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OidcClientsService, type OidcClient } from '../oidc/oidc-clients.service';
import { CurrentPrincipal, type Principal } from '../sessions/authenticated-request';
import { AdministratorsOnly } from './admin.decorators';
import { AdminOidcClientDto } from './dto/oidc-client.dto';

function view(client: OidcClient, scope: AdminOidcClientDto['scope']): AdminOidcClientDto {
  return {
    name: client.name,
    clientId: client.clientId,
    type: client.confidential ? 'confidential' : 'public',
    redirectUris: client.redirectUris,
    scope,
    consent: client.consent,
    requireMfa: client.requireMfa,
    disabled: client.disabled,
  };
}

/**
 * The applications the contract's accounts can sign in to, read-only (the operator registers
 * them with the CLI): those bound to this contract, then those bound to none, which admit the
 * accounts of every contract. Other contracts' applications never show.
 */
@ApiTags('admin')
@ApiCookieAuth()
@AdministratorsOnly()
@Controller('admin')
export class AdminOidcClientsController {
  constructor(private readonly clients: OidcClientsService) {}

  @Get('oidc-clients')
  @ApiOperation({
    summary:
      "The applications (OpenID Connect clients) the contract's accounts may sign in to: the contract's own, and those open to every contract. Never a secret.",
  })
  @ApiOkResponse({ type: [AdminOidcClientDto] })
  async list(@CurrentPrincipal() principal: Principal): Promise<AdminOidcClientDto[]> {
    const [own, all] = await Promise.all([
      this.clients.list(principal.organizationId),
      this.clients.list(),
    ]);
    return [
      ...own.map((client) => view(client, 'contract')),
      ...all
        .filter((client) => client.organizationId === null)
        .map((client) => view(client, 'all')),
    ];
  }
}
