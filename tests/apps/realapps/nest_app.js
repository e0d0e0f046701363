'use strict';
// NestJS 10 on @nestjs/platform-express without a build step: the
// decorators are applied by hand (what TypeScript's __decorate does), so the
// app is plain JavaScript. A controller, a service injected by DI, a
// ParseIntPipe, a custom validation pipe, an exception filter's answers.
require('reflect-metadata');
const { NestFactory } = require('@nestjs/core');
const common = require('@nestjs/common');
const {
  Module, Controller, Injectable, Get, Post, Param, Body, Query, Inject,
  ParseIntPipe, BadRequestException, NotFoundException, HttpCode, UsePipes,
} = common;

class ItemsService {
  constructor() { this.items = [{ id: 1, name: 'anvil' }]; }
  find(id) {
    const item = this.items.find((i) => i.id === id);
    if (!item) throw new NotFoundException(`item ${id} not found`);
    return item;
  }
  add(name) {
    const item = { id: this.items.length + 1, name };
    this.items.push(item);
    return item;
  }
}
Injectable()(ItemsService);

class NamePipe {
  transform(value) {
    if (!value || typeof value.name !== 'string' || value.name.length < 2) {
      throw new BadRequestException('name must be a string of 2+ characters');
    }
    return { name: value.name.trim() };
  }
}
Injectable()(NamePipe);

class ItemsController {
  constructor(service) { this.service = service; }
  list(limit) { return { items: this.service.items.slice(0, limit ? Number(limit) : undefined) }; }
  get(id) { return this.service.find(id); }
  create(body) { return this.service.add(body.name); }
  async later() { return new Promise((resolve) => setImmediate(() => resolve({ async: true }))); }
}
// what `constructor(@Inject(ItemsService) service)` compiles to
Inject(ItemsService)(ItemsController, undefined, 0);

function method(cls, name, ...decorators) {
  const proto = cls.prototype;
  let desc = Object.getOwnPropertyDescriptor(proto, name);
  for (const d of decorators.reverse()) desc = d(proto, name, desc) || desc;
  Object.defineProperty(proto, name, desc);
}
function param(cls, name, index, decorator) {
  decorator(cls.prototype, name, index);
}
param(ItemsController, 'list', 0, Query('limit'));
method(ItemsController, 'list', Get());
param(ItemsController, 'get', 0, Param('id', ParseIntPipe));
method(ItemsController, 'get', Get(':id'));
param(ItemsController, 'create', 0, Body());
method(ItemsController, 'create', Post(), HttpCode(201), UsePipes(NamePipe));
method(ItemsController, 'later', Get('async/later'));
Controller('items')(ItemsController);

class AppModule {}
Module({ controllers: [ItemsController], providers: [ItemsService] })(AppModule);

// Register 'later' before ':id' would shadow it: Nest keeps declaration order.
async function main() {
  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(Number(process.env.PORT || 0), '127.0.0.1');
  console.log(`listening ${app.getHttpServer().address().port}`);
}
main().catch((err) => { console.error(err); process.exit(1); });
