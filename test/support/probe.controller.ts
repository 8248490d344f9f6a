import { Controller, Get, HttpCode, Post } from '@nestjs/common';

/**
 * A route that declares nothing about sessions: the global guards alone must protect it. The HTTP
 * suites mount it next to the real routes to prove deny-by-default holds for routes added later.
 */
@Controller('test-probe')
export class ProbeController {
  @Get()
  read(): { ok: true } {
    return { ok: true };
  }

  @Post()
  @HttpCode(200)
  write(): { ok: true } {
    return { ok: true };
  }
}
